/**
 * What a loop body or a function body does, read from its syntax: arithmetic, math calls,
 * element-wise indexing, appends, branches, calls, external programs, string/dict work and
 * array-library calls. One walk per body; nested definitions are not part of the body.
 */
import type { SyntaxNode } from '@lezer/common';

import type { Qualifier } from './imports';
import type { SourceText } from './syntax';
import {
  APPEND_METHODS,
  ARITHMETIC_UPDATES,
  ARRAY_LIBRARIES,
  isRandomDraw,
  isSubprocessCall,
  NUMERIC_BUILTINS,
  NUMPY_ELEMENTWISE,
  STRING_FUNCTIONS,
  STRING_METHODS
} from './vocabulary';
import {
  child,
  DEFINITIONS,
  VARIABLES,
  dottedName,
  isComprehension,
  isSubscript,
  walk
} from './syntax';

/** The body facts shared by loops and functions. */
export interface IBodyFacts {
  arithmetic: boolean;
  mathCalls: string[];
  elementIndexing: string[];
  appends: string[];
  branches: boolean;
  calls: string[];
  subprocess: boolean;
  stringOrDictWork: boolean;
  arrayCalls: string[];
}

/** What reading a body needs besides the body. */
export interface IBodyContext {
  src: SourceText;
  qualifier: Qualifier;
  /** Lines holding shell escapes (blanked before parsing). */
  shellLines: readonly number[];
}

/** The nodes `visitNode` reads; the walk skips the rest without materialising them. */
const VISITED: ReadonlySet<string> = new Set([
  'ArithOp',
  'UpdateOp',
  'CallExpression',
  'MemberExpression',
  'FormatString',
  'DictionaryExpression',
  'DictionaryComprehensionExpression',
  'if',
  'IfStatement',
  'ConditionalExpression',
  'BreakStatement',
  'ContinueStatement',
  'WhileStatement',
  'MatchStatement'
]);
const BRANCH_NODES = new Set([
  'IfStatement',
  'ConditionalExpression',
  'BreakStatement',
  'ContinueStatement',
  'WhileStatement',
  'MatchStatement'
]);

/**
 * Reads the facts of the code under `roots`. `loopVars` gives the names element indexing uses;
 * it is only asked for when the body subscripts something, so loops without subscripts skip it.
 */
export function bodyFacts(
  roots: readonly SyntaxNode[],
  ctx: IBodyContext,
  loopVars: () => ReadonlySet<string>
): IBodyFacts {
  const facts: IBodyFacts = {
    arithmetic: false,
    mathCalls: [],
    elementIndexing: [],
    appends: [],
    branches: false,
    calls: [],
    subprocess: false,
    stringOrDictWork: false,
    arrayCalls: []
  };
  const visit = (node: SyntaxNode): void =>
    visitNode(node, ctx, loopVars, facts);
  for (const root of roots) {
    if (VISITED.has(root.name)) {
      visit(root);
    }
    if (!DEFINITIONS.has(root.name)) {
      walk(root, visit, { only: VISITED, skip: DEFINITIONS });
    }
    const first = ctx.src.startLine(root);
    const last = ctx.src.endLine(root);
    if (ctx.shellLines.some(line => line >= first && line <= last)) {
      facts.subprocess = true;
    }
  }
  return facts;
}

function visitNode(
  node: SyntaxNode,
  ctx: IBodyContext,
  loopVars: () => ReadonlySet<string>,
  facts: IBodyFacts
): void {
  switch (node.name) {
    case 'ArithOp':
      readArithmetic(node, ctx, facts);
      return;
    case 'UpdateOp':
      if (ARITHMETIC_UPDATES.has(ctx.src.of(node))) {
        const value = node.nextSibling;
        const text = value?.name === 'String' || value?.name === 'FormatString';
        facts[text ? 'stringOrDictWork' : 'arithmetic'] = true;
      }
      return;
    case 'CallExpression':
      readCall(node, ctx, facts);
      return;
    case 'MemberExpression':
      readSubscript(node, ctx, loopVars, facts);
      return;
    case 'FormatString':
    case 'DictionaryExpression':
    case 'DictionaryComprehensionExpression':
      facts.stringOrDictWork = true;
      return;
    case 'if':
      facts.branches ||= node.parent !== null && isComprehension(node.parent);
      return;
    default:
      facts.branches ||= BRANCH_NODES.has(node.name);
  }
}

/** `a * b` counts as arithmetic unless it computes an index or formats/joins strings. */
function readArithmetic(
  op: SyntaxNode,
  ctx: IBodyContext,
  facts: IBodyFacts
): void {
  const parent = op.parent;
  if (!parent || parent.name !== 'BinaryExpression' || inIndex(op)) {
    return;
  }
  const left = parent.firstChild;
  const right = op.nextSibling;
  const isText = (n: SyntaxNode | null | undefined): boolean =>
    n?.name === 'String' || n?.name === 'FormatString';
  if (isText(left) || isText(right)) {
    facts.stringOrDictWork = true;
    return;
  }
  facts.arithmetic = true;
}

/** True when `node` sits inside the brackets of a subscript (`xs[j + 1]`). */
function inIndex(node: SyntaxNode): boolean {
  let inner = node;
  for (let p = node.parent; p; inner = p, p = p.parent) {
    if (
      p.name === 'Body' ||
      p.name === 'Script' ||
      p.name.endsWith('Statement')
    ) {
      return false;
    }
    if (isSubscript(p) && p.firstChild && inner.from > p.firstChild.from) {
      return true;
    }
  }
  return false;
}

function readCall(
  node: SyntaxNode,
  ctx: IBodyContext,
  facts: IBodyFacts
): void {
  const callee = node.firstChild;
  if (!callee) {
    return;
  }
  const name = dottedName(callee, ctx.src);
  if (name === null) {
    // `get_ipython().system("...")` and calls on call results.
    if (
      ctx.src.of(callee).includes('get_ipython') &&
      ctx.src.of(callee).endsWith('.system')
    ) {
      facts.subprocess = true;
    }
    readMethod(callee, ctx, facts);
    return;
  }
  addOnce(facts.calls, name);
  const qualified = ctx.qualifier.qualify(name);
  if (
    qualified.startsWith('math.') ||
    qualified.startsWith('cmath.') ||
    NUMERIC_BUILTINS.has(name) ||
    (qualified.startsWith('numpy.') &&
      NUMPY_ELEMENTWISE.has(qualified.slice('numpy.'.length))) ||
    // Qualified: a bare name here is the cell's own, not one imported from `random`.
    (qualified.includes('.') && isRandomDraw(qualified))
  ) {
    addOnce(facts.mathCalls, name);
  }
  if (ARRAY_LIBRARIES.some(prefix => qualified.startsWith(prefix))) {
    addOnce(facts.arrayCalls, name);
  }
  if (isSubprocessCall(qualified)) {
    facts.subprocess = true;
  }
  if (STRING_FUNCTIONS.has(qualified) || qualified.startsWith('re.')) {
    facts.stringOrDictWork = true;
  }
  readMethod(callee, ctx, facts);
}

/** `out.append(x)`, `"".join(...)`, `counts.get(k, 0)`. */
function readMethod(
  callee: SyntaxNode,
  ctx: IBodyContext,
  facts: IBodyFacts
): void {
  if (callee.name !== 'MemberExpression' || isSubscript(callee)) {
    return;
  }
  const property = child(callee, 'PropertyName');
  const method = property ? ctx.src.of(property) : '';
  const object = callee.firstChild;
  if (APPEND_METHODS.has(method) && object) {
    addOnce(facts.appends, ctx.src.short(object, 40));
  }
  if (STRING_METHODS.has(method)) {
    const onModule =
      object?.name === 'VariableName' &&
      ctx.qualifier.isModule(ctx.src.of(object));
    facts.stringOrDictWork ||= !onModule;
  }
}

/** Element-wise indexing with a loop variable, and string-keyed lookups (`row["value"]`). */
function readSubscript(
  node: SyntaxNode,
  ctx: IBodyContext,
  loopVars: () => ReadonlySet<string>,
  facts: IBodyFacts
): void {
  if (!isSubscript(node)) {
    return;
  }
  const index = indexNodes(node);
  if (
    index.length === 1 &&
    (index[0].name === 'String' || index[0].name === 'FormatString')
  ) {
    facts.stringOrDictWork = true;
  }
  // Only the outermost subscript of a chain is recorded: `grid[i][j]`, not also `grid[i]`.
  const parent = node.parent;
  const object = parent && isSubscript(parent) ? parent.firstChild : null;
  if (object && object.from === node.from && object.to === node.to) {
    return;
  }
  const names = loopVars();
  if (names.size === 0) {
    return;
  }
  const chain: SyntaxNode[] = [];
  for (let m: SyntaxNode | null = node; m && isSubscript(m); m = m.firstChild) {
    chain.push(...indexNodes(m));
  }
  if (chain.some(part => mentions(part, names, ctx.src))) {
    addOnce(facts.elementIndexing, ctx.src.short(node, 40));
  }
}

/** The nodes between a subscript's brackets. */
function indexNodes(subscript: SyntaxNode): SyntaxNode[] {
  const nodes: SyntaxNode[] = [];
  for (
    let c = subscript.firstChild?.nextSibling?.nextSibling ?? null;
    c && c.name !== ']';
    c = c.nextSibling
  ) {
    if (c.name !== ',') {
      nodes.push(c);
    }
  }
  return nodes;
}

/** True when `node` is, or contains, a variable named in `names`. */
export function mentions(
  node: SyntaxNode,
  names: ReadonlySet<string>,
  src: SourceText
): boolean {
  let found = node.name === 'VariableName' && names.has(src.of(node));
  if (!found) {
    walk(node, n => (found = names.has(src.of(n))), { only: VARIABLES });
  }
  return found;
}

function addOnce(list: string[], value: string): void {
  if (!list.includes(value) && list.length < 24) {
    list.push(value);
  }
}
