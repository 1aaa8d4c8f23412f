/**
 * Small helpers over the @lezer/python syntax tree: node text, line numbers, children and
 * descendants, statements, and text edits by node ranges. The one syntax module of the analysis and
 * the templates. Traversals are iterative so that deeply nested code cannot overflow the stack.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { parsePython } from './parser';

/** The code a tree was parsed from, with 1-based line lookup. */
export class SourceText {
  /**
   * @param text - the code that was parsed (magics already blanked out).
   */
  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) {
        starts.push(i + 1);
      }
    }
    this._lineStarts = starts;
  }

  /** The number of lines, counting a last line without a newline. */
  get lineCount(): number {
    return this._lineStarts.length;
  }

  /** The 1-based line holding the character at `pos`. */
  line(pos: number): number {
    const starts = this._lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= pos) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low + 1;
  }

  /** Character offset where 1-based `line` starts. */
  lineStart(line: number): number {
    return this._lineStarts[
      Math.min(Math.max(line, 1), this._lineStarts.length) - 1
    ];
  }

  /** The source text of a node. */
  of(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }

  /** The node's text on one line with runs of white space collapsed, cut to `max` characters. */
  short(node: SyntaxNode, max = 80): string {
    const flat = collapseSpace(this.of(node));
    return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  }

  /** The 1-based line where a node starts. */
  startLine(node: SyntaxNode): number {
    return this.line(node.from);
  }

  /** The 1-based line where a node ends (a trailing newline does not count). */
  endLine(node: SyntaxNode): number {
    const end = node.to > node.from ? node.to - 1 : node.to;
    return this.line(end);
  }

  private _lineStarts: number[];
}

/** Collapses white space without a regular expression over structure (it is only spacing). */
function collapseSpace(text: string): string {
  let out = '';
  let space = false;
  for (const char of text) {
    const blank =
      char === ' ' || char === '\n' || char === '\t' || char === '\r';
    if (blank) {
      space = out.length > 0;
      continue;
    }
    if (space) {
      out += ' ';
      space = false;
    }
    out += char;
  }
  return out;
}

/** The direct children of a node, in order. */
export function children(node: SyntaxNode): SyntaxNode[] {
  const result: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    result.push(child);
  }
  return result;
}

/** The first direct child with one of the given names, or null. */
export function child(node: SyntaxNode, ...names: string[]): SyntaxNode | null {
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (names.includes(c.name)) {
      return c;
    }
  }
  return null;
}

/** Which descendants `walk` visits and which it does not enter. */
export interface IWalkOptions {
  /** Visit only nodes with these names (others are still entered). */
  only?: ReadonlySet<string>;
  /** Do not look inside nodes with these names (they are still visited). */
  skip?: ReadonlySet<string>;
}

/** Just `VariableName` nodes. */
export const VARIABLES: ReadonlySet<string> = new Set(['VariableName']);

/** Definitions: their bodies do not run where they stand. */
export const DEFINITIONS: ReadonlySet<string> = new Set([
  'FunctionDefinition',
  'ClassDefinition'
]);

/**
 * Visits the descendants of `root` (not `root` itself) in document order. A tree cursor does the
 * walking, so nodes are only materialised when visited; `visit` returns true to stop early.
 * Iterative: deep nesting cannot overflow the stack.
 */
export function walk(
  root: SyntaxNode,
  visit: (node: SyntaxNode) => boolean | void,
  options: IWalkOptions = {}
): void {
  const { only, skip } = options;
  const cursor = root.cursor();
  if (!cursor.firstChild()) {
    return;
  }
  let depth = 1;
  for (;;) {
    const name = cursor.name;
    if ((!only || only.has(name)) && visit(cursor.node) === true) {
      return;
    }
    if (!skip?.has(name) && cursor.firstChild()) {
      depth++;
      continue;
    }
    while (!cursor.nextSibling()) {
      cursor.parent();
      if (--depth === 0) {
        return;
      }
    }
  }
}

/** Comprehension node names; each `for` clause inside one is a loop. */
export const COMPREHENSIONS = new Set([
  'ArrayComprehensionExpression',
  'ComprehensionExpression',
  'SetComprehensionExpression',
  'DictionaryComprehensionExpression'
]);

/**
 * True for a comprehension, including a generator written straight into a call's parentheses
 * (`sum(x * x for x in xs)`), which the grammar leaves inside the `ArgList`.
 */
export function isComprehension(node: SyntaxNode): boolean {
  return (
    COMPREHENSIONS.has(node.name) ||
    (node.name === 'ArgList' && node.getChild('for') !== null)
  );
}

/** True for a `MemberExpression` that subscripts (`a[i]`) rather than reads an attribute. */
export function isSubscript(node: SyntaxNode): boolean {
  if (node.name !== 'MemberExpression') {
    return false;
  }
  const object = node.firstChild;
  return object?.nextSibling?.name === '[';
}

/**
 * The dotted name a callee or attribute chain spells (`np.random.rand`), or null when the chain
 * holds anything but names (`f()(x)`, `a[0].b`).
 */
export function dottedName(node: SyntaxNode, src: SourceText): string | null {
  const parts: string[] = [];
  let current: SyntaxNode | null = node;
  while (current) {
    if (current.name === 'VariableName') {
      parts.unshift(src.of(current));
      return parts.join('.');
    }
    if (current.name !== 'MemberExpression' || isSubscript(current)) {
      return null;
    }
    const property = child(current, 'PropertyName');
    if (!property) {
      return null;
    }
    parts.unshift(src.of(property));
    current = current.firstChild;
  }
  return null;
}

/** One argument of a call: `keyword` is null for a positional argument. */
export interface IArgument {
  keyword: string | null;
  /** The argument's value: usually one node; `*xs`, `**kw` and generators give several. */
  nodes: SyntaxNode[];
  /** The argument's whole text as written, keyword included. */
  text: string;
}

/** The arguments of a `CallExpression` (or of a decorator's argument list), in order. */
export function callArguments(call: SyntaxNode, src: SourceText): IArgument[] {
  const list = child(call, 'ArgList');
  if (!list) {
    return [];
  }
  const args: IArgument[] = [];
  let current: SyntaxNode[] = [];
  const flush = (): void => {
    if (current.length === 0) {
      return;
    }
    const first = current[0];
    const last = current[current.length - 1];
    const text = src.text.slice(first.from, last.to);
    const keyword = current.length > 2 && current[1].name === 'AssignOp';
    args.push({
      keyword: keyword ? src.of(first) : null,
      nodes: keyword ? current.slice(2) : current,
      text
    });
    current = [];
  };
  for (let c = list.firstChild; c; c = c.nextSibling) {
    if (c.name === '(' || c.name === ')' || c.name === ',') {
      flush();
    } else {
      current.push(c);
    }
  }
  flush();
  return args;
}

/** A call's single-node positional arguments and its keyword arguments' values. */
export function splitArguments(
  call: SyntaxNode,
  src: SourceText
): { positional: SyntaxNode[]; keywords: Map<string, SyntaxNode> } {
  const positional: SyntaxNode[] = [];
  const keywords = new Map<string, SyntaxNode>();
  for (const arg of callArguments(call, src)) {
    if (arg.nodes.length !== 1) {
      continue;
    }
    if (arg.keyword === null) {
      positional.push(arg.nodes[0]);
    } else {
      keywords.set(arg.keyword, arg.nodes[0]);
    }
  }
  return { positional, keywords };
}

// The statement-level helpers and text edits the templates build their rewrites with (they were
// templates/syntax.ts: one syntax module, so analysis and templates agree on what a statement is).

/** A parsed cell: its text and tree. */
export interface IParsed {
  text: string;
  tree: Tree;
}

/** Parses Python source. */
export function parse(text: string): IParsed {
  return { text, tree: parsePython(text) };
}

/** The node's source text. */
export function textOf(parsed: IParsed, node: SyntaxNode): string {
  return parsed.text.slice(node.from, node.to);
}

/**
 * The texts read last, with their line starts: the analysis and the templates ask for the lines of
 * many nodes of one cell, and counting newlines from the start each time was quadratic.
 */
const recentSources = new Map<string, SourceText>();
const SOURCES_KEPT = 8;

/** The 1-based line of a character offset. */
export function lineOf(text: string, pos: number): number {
  let src = recentSources.get(text);
  if (!src) {
    src = new SourceText(text);
    if (recentSources.size >= SOURCES_KEPT) {
      recentSources.delete(recentSources.keys().next().value as string);
    }
    recentSources.set(text, src);
  }
  return src.line(pos);
}

const NOT_STATEMENTS = new Set(['Comment', ':', 'Body', '⚠']);

/** The statements of a Script or Body node, comments left out. */
export function statementsOf(node: SyntaxNode): SyntaxNode[] {
  return children(node).filter(child => !NOT_STATEMENTS.has(child.name));
}

/** The top-level statements of a cell. */
export function topStatements(parsed: IParsed): SyntaxNode[] {
  return statementsOf(parsed.tree.topNode);
}

/** The body statements of a compound statement (for, def, with...). */
export function bodyOf(node: SyntaxNode): SyntaxNode[] {
  const body = node.getChild('Body');
  return body ? statementsOf(body) : [];
}

/** Every descendant of `node` (itself included) in document order. */
export function descendants(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const cursor = node.cursor();
  const end = node.to;
  const start = node.from;
  do {
    if (cursor.from >= start && cursor.to <= end) {
      out.push(cursor.node);
    }
  } while (cursor.next() && cursor.from < end);
  return out;
}

/** Names read anywhere under `node` (VariableName nodes), in order, without repeats. */
export function namesIn(parsed: IParsed, node: SyntaxNode): string[] {
  const names: string[] = [];
  for (const item of descendants(node)) {
    if (item.name === 'VariableName') {
      const name = textOf(parsed, item);
      if (!names.includes(name)) {
        names.push(name);
      }
    }
  }
  return names;
}

/** A replacement of the text between two offsets. */
export interface IEdit {
  from: number;
  to: number;
  text: string;
}

/** `text[from, to)` with the (non-overlapping) edits applied. */
export function applyEdits(
  text: string,
  from: number,
  to: number,
  edits: readonly IEdit[]
): string {
  let out = '';
  let at = from;
  for (const edit of [...edits].sort((a, b) => a.from - b.from)) {
    out += text.slice(at, edit.from) + edit.text;
    at = edit.to;
  }
  return out + text.slice(at, to);
}

/** The top-level statement starting on 1-based `line`, if any. */
export function statementAt(parsed: IParsed, line: number): SyntaxNode | null {
  return (
    topStatements(parsed).find(
      node => lineOf(parsed.text, node.from) === line
    ) ?? null
  );
}

/** The text of whole lines `first..last` (1-based, inclusive). */
export function linesOf(text: string, first: number, last: number): string {
  return text
    .split('\n')
    .slice(first - 1, last)
    .join('\n');
}

/** The cell's text with lines `first..last` replaced by `replacement`. */
export function replaceLines(
  text: string,
  first: number,
  last: number,
  replacement: string
): string {
  const lines = text.split('\n');
  lines.splice(first - 1, last - first + 1, ...replacement.split('\n'));
  return lines.join('\n');
}
