/**
 * numpy-vectorise: element-wise loops and list comprehensions rewritten as array expressions.
 * Loops whose body NumPy cannot express are kept as they are, with a note saying so.
 */
import type { SyntaxNode } from '@lezer/common';

import type { IArrayIteration } from '../../templates/loops';
import { arrayIteration, callParts, loopHeader } from '../../templates/loops';
import type { IRewrite } from '../../templates/rewrite';
import { defaultOutputs } from '../../templates/rewrite';
import type { IParsed } from '../../analysis/syntax';
import { dedent, indent } from '../../templates/cells';
import {
  applyEdits,
  bodyOf,
  children,
  lineOf,
  parse,
  textOf,
  topStatements
} from '../../analysis/syntax';
import type { ITemplateContext } from '../../templates/types';
import { vectorise } from '../../templates/vecexpr';
import { numbaRewrite } from '../numba-jit/render';

/** The result of vectorising a cell's code. */
export interface IVectorised {
  /** The cell's code with its loops replaced by array code. */
  code: string;
  /** Names whose values the rewritten statements produce. */
  changed: string[];
  /** Loops left as they were, with the reason. */
  kept: { line: number; reason: string }[];
  /** Functions whose bodies were rewritten (their loops work on whole arrays now). */
  functions: string[];
}

/** True when the rewrite changed anything: a statement at the top level or a function's body. */
export function rewroteAny(result: IVectorised): boolean {
  return result.changed.length > 0 || result.functions.length > 0;
}

/** Names bound to the math module in this cell or, by default, `math`. */
export function mathNames(ctx: ITemplateContext): Set<string> {
  const names = new Set(['math']);
  for (const item of ctx.analysis.imports) {
    if (item.module === 'math') {
      names.add(item.alias);
    }
  }
  return names;
}

/** Rewrites the loops and comprehensions of `source` as NumPy code: those at the top level and
 * those in the bodies of the functions it defines. */
export function vectoriseSource(
  ctx: ITemplateContext,
  source: string,
  /** Lines above `source` in the cell (for a function body), so messages cite cell lines. */
  lineOffset = 0
): IVectorised {
  const parsed = parse(source);
  const arrays = new Set<string>();
  const emptyLists = new Set<string>();
  const changed: string[] = [];
  const kept: IVectorised['kept'] = [];
  const functions: string[] = [];
  const edits = [];
  const maths = mathNames(ctx);
  for (const statement of topStatements(parsed)) {
    const line = lineOf(source, statement.from) + lineOffset;
    const assigned = simpleAssignment(parsed, statement);
    if (
      assigned &&
      assigned.value.name === 'ArrayExpression' &&
      children(assigned.value).length === 2
    ) {
      emptyLists.add(assigned.target);
    }
    let replacement: string | null = null;
    let reason = '';
    if (statement.name === 'FunctionDefinition') {
      const inner = functionBody(ctx, parsed, statement, lineOffset);
      kept.push(...inner.kept);
      if (inner.code !== null) {
        replacement = inner.code;
        functions.push(inner.name, ...inner.functions);
      }
    } else if (statement.name === 'ForStatement') {
      const result = forLoop(
        parsed,
        statement,
        arrays,
        emptyLists,
        maths,
        lineOffset
      );
      if (typeof result === 'string') {
        reason = result;
      } else {
        replacement = result.code;
        result.names.forEach(name => arrays.add(name));
        changed.push(...result.names.filter(name => !changed.includes(name)));
      }
    } else if (
      assigned &&
      assigned.value.name === 'ArrayComprehensionExpression'
    ) {
      const header = loopHeader(parsed, assigned.value);
      const iteration =
        header && !header.filtered && header.element
          ? arrayIteration(parsed, header, arrays, maths)
          : null;
      const expr =
        iteration && header?.element
          ? vectorise(iteration.scope, header.element)
          : null;
      if (iteration && expr && expr !== textOf(parsed, header!.element!)) {
        replacement = withHoisted(iteration, `${assigned.target} = ${expr}`);
        arrays.add(assigned.target);
        changed.push(assigned.target);
      }
    }
    if (replacement !== null) {
      const trailing = /\s*$/.exec(textOf(parsed, statement))?.[0] ?? '';
      edits.push({
        from: statement.from,
        to: statement.to,
        text: replacement + trailing
      });
    } else if (reason) {
      kept.push({ line, reason });
    }
  }
  return {
    code: applyEdits(source, 0, source.length, edits),
    changed,
    kept,
    functions
  };
}

/** A function definition with its body's loops vectorised (null code when none could be). */
function functionBody(
  ctx: ITemplateContext,
  parsed: IParsed,
  node: SyntaxNode,
  lineOffset: number
): {
  name: string;
  code: string | null;
  kept: IVectorised['kept'];
  functions: string[];
} {
  const name = textOf(parsed, node.getChild('VariableName') ?? node);
  const statements = bodyOf(node);
  if (statements.length === 0) {
    return { name, code: null, kept: [], functions: [] };
  }
  const above = lineOf(parsed.text, statements[0].from) - 1 + lineOffset;
  const bodyStart = parsed.text.lastIndexOf('\n', statements[0].from) + 1;
  const pad = parsed.text.slice(bodyStart, statements[0].from);
  const body = dedent(parsed.text.slice(bodyStart, node.to));
  const inner = vectoriseSource(ctx, body, above);
  if (!rewroteAny(inner)) {
    return { name, code: null, kept: inner.kept, functions: [] };
  }
  return {
    name,
    code:
      parsed.text.slice(node.from, bodyStart) +
      indent(inner.code.trimEnd(), pad.length),
    kept: inner.kept,
    functions: inner.functions
  };
}

/** What the original and a vectorised cell must agree on: the names the rewritten statements
 * produce and what the cell assigns from calls to rewritten functions; none if nothing changed. */
export function vectorisedOutputs(
  ctx: ITemplateContext,
  result: IVectorised
): string[] {
  if (!rewroteAny(result) && !NUMBA_CANNOT.test(ctx.source)) {
    return [];
  }
  const fromCalls = ctx.analysis.calls
    .filter(call => result.functions.includes(call.name))
    .flatMap(call => call.assignedTo);
  return defaultOutputs(ctx, [...new Set([...result.changed, ...fromCalls])]);
}

/** Code Numba's nopython mode cannot compile: pandas rows and frames, imports or `global` inside
 * a function, objects of the user's classes. There the note stays, rather than a compiled
 * version that fails on its first call (field corpus: itertuples, groupby().apply, STORE_GLOBAL). */
const NUMBA_CANNOT =
  /\.(itertuples|iterrows|iloc|loc|apply|groupby)\b|\bDataFrame\b|^\s+(global|import|from)\s|^class\s/m;

/** The numpy-vectorise rewrite of a cell. */
export function numpyRewrite(ctx: ITemplateContext): IRewrite {
  const result = vectoriseSource(ctx, ctx.source);
  const todo = result.kept.map(
    item => `The loop on line ${item.line} is unchanged: ${item.reason}`
  );
  if (!rewroteAny(result) && !NUMBA_CANNOT.test(ctx.source)) {
    todo.push(
      'No loop in this cell has an element-wise body NumPy can express as it stands; rewrite the loop body with array operations (np.where for if/else, slices for neighbours).'
    );
  }
  if (!rewroteAny(result) && !NUMBA_CANNOT.test(ctx.source)) {
    // The lesson's chain: "if that is impractical, then look into using Numba".
    const compiled = numbaRewrite(ctx);
    if (compiled.todo.length === 0) {
      return {
        ...compiled,
        summary: `NumPy cannot express this loop as it stands (${todo[0].replace(/^The loop on line \d+ is unchanged: /, '')}), so, as the lesson says next, Numba compiles it: ${compiled.summary}`
      };
    }
  }
  const listNames = result.changed.filter(name =>
    ctx.analysis.loops.some(loop => loop.appends.includes(name))
  );
  const fns = result.functions;
  return {
    summary:
      'the loops are rewritten as NumPy array expressions, computed in compiled code.' +
      (listNames.length > 0
        ? ` ${listNames.join(', ')} ${listNames.length === 1 ? 'is now a NumPy array (call .tolist() if you need a list)' : 'are now NumPy arrays (call .tolist() if you need lists)'}.`
        : '') +
      (fns.length > 0
        ? ` ${fns.join(', ')} now ${fns.length === 1 ? 'works' : 'work'} on whole arrays: lists built in ${fns.length === 1 ? 'its' : 'their'} loops are NumPy arrays.`
        : ''),
    prepare: 'import numpy as np',
    run: result.code.trimEnd(),
    outputs: vectorisedOutputs(ctx, result),
    todo,
    cleanup: null
  };
}

interface IAssignment {
  target: string;
  value: SyntaxNode;
}

function simpleAssignment(
  parsed: IParsed,
  node: SyntaxNode
): IAssignment | null {
  if (node.name !== 'AssignStatement') {
    return null;
  }
  const parts = children(node);
  if (
    parts.length !== 3 ||
    parts[0].name !== 'VariableName' ||
    parts[1].name !== 'AssignOp'
  ) {
    return null;
  }
  return { target: textOf(parsed, parts[0]), value: parts[2] };
}

function withHoisted(iteration: IArrayIteration, code: string): string {
  const used = iteration.hoisted.filter(line => {
    const name = line.split(' = ')[0];
    return (
      code.includes(name) ||
      iteration.hoisted.some(other => other !== line && other.includes(name))
    );
  });
  return [...used, code].join('\n');
}

/** A for loop as array statements, or the reason it cannot be one. */
function forLoop(
  parsed: IParsed,
  node: SyntaxNode,
  arrays: ReadonlySet<string>,
  emptyLists: ReadonlySet<string>,
  maths: ReadonlySet<string>,
  lineOffset: number
): { code: string; names: string[] } | string {
  const header = loopHeader(parsed, node);
  const iteration = header
    ? arrayIteration(parsed, header, arrays, maths)
    : null;
  if (!header || !iteration) {
    return 'it does not run over a range, a sequence, enumerate() or zip() of sequences.';
  }
  const lines: string[] = [];
  const names: string[] = [];
  for (const statement of bodyOf(node)) {
    const line = bodyStatement(parsed, statement, iteration, emptyLists);
    if (line === null || typeof line === 'string') {
      return `line ${lineOf(parsed.text, statement.from) + lineOffset} (${textOf(parsed, statement).split('\n')[0]}) ${line ?? 'has no NumPy equivalent here.'}`;
    }
    lines.push(line.code);
    if (line.name) {
      names.push(line.name);
    }
  }
  if (lines.length === 0) {
    return 'its body is empty.';
  }
  const code = withHoisted(iteration, lines.join('\n'));
  return {
    code: `# was: for ${header.targetText} in ${textOf(parsed, header.iterable)}: ...\n${code}`,
    names: [...new Set(names)]
  };
}

function bodyStatement(
  parsed: IParsed,
  node: SyntaxNode,
  iteration: IArrayIteration,
  emptyLists: ReadonlySet<string>
): { code: string; name: string } | string | null {
  const { scope } = iteration;
  const parts = children(node);
  if (
    node.name === 'UpdateStatement' &&
    parts.length === 3 &&
    parts[0].name === 'VariableName'
  ) {
    const op = textOf(parsed, parts[1]);
    const reduce =
      op === '+=' || op === '-=' ? 'np.sum' : op === '*=' ? 'np.prod' : null;
    const expr = vectorise(scope, parts[2]);
    if (!reduce || expr === null) {
      return reduce ? null : `uses ${op}, which is not a sum or a product.`;
    }
    if (expr === textOf(parsed, parts[2])) {
      return 'adds the same value every time.';
    }
    const name = textOf(parsed, parts[0]);
    return { code: `${name} ${op} ${reduce}(${expr}).item()`, name };
  }
  if (node.name === 'ExpressionStatement' && parts.length === 1) {
    const call = callParts(parsed, parts[0]);
    const callee = call?.callee ?? '';
    if (call && callee.endsWith('.append') && call.args.length === 1) {
      const name = callee.slice(0, -'.append'.length);
      const expr = vectorise(scope, call.args[0]);
      if (expr === null || !/^[A-Za-z_]\w*$/.test(name)) {
        return null;
      }
      return emptyLists.has(name)
        ? { code: `${name} = ${expr}`, name }
        : { code: `${name}.extend(np.asarray(${expr}).tolist())`, name };
    }
    return 'is a call NumPy cannot apply to whole arrays.';
  }
  if (node.name === 'AssignStatement' && parts.length === 3) {
    const expr = vectorise(scope, parts[2]);
    if (expr === null) {
      return null;
    }
    if (parts[0].name === 'VariableName') {
      const name = textOf(parsed, parts[0]);
      scope.vars.set(name, name); // a per-iteration temporary becomes an array
      return { code: `${name} = ${expr}`, name: '' };
    }
    const target = children(parts[0]);
    if (
      parts[0].name === 'MemberExpression' &&
      target.length === 4 &&
      target[0].name === 'VariableName' &&
      scope.index !== null &&
      textOf(parsed, target[2]) === scope.index
    ) {
      const name = textOf(parsed, target[0]);
      return { code: `${name}[${iteration.slice || ':'}] = ${expr}`, name };
    }
    return 'assigns to something other than a name or an element a[i].';
  }
  return `is a ${node.name.replace('Statement', '').toLowerCase()} statement NumPy cannot express; rewrite it with np.where or masks.`;
}
