/**
 * A loop at a cell's top level as a function Numba can compile: its inputs are the names it reads
 * that exist before it runs (bound earlier in the cell or by other cells), its results the names
 * it binds that the rest of the cell reads. Arrays it changes in place need no result: Numba
 * writes into the same memory.
 */
import type { SyntaxNode } from '@lezer/common';

import type { IParsed } from '../../analysis/syntax';
import {
  applyEdits,
  children,
  descendants,
  lineOf,
  namesIn,
  textOf,
  topStatements
} from '../../analysis/syntax';
import type { ILoop } from '../../analysis/types';
import { dedent, indent } from '../../templates/cells';
import type { ITemplateContext } from '../../templates/types';

/** A top-level loop made into a function. */
export interface ILoopFunction {
  name: string;
  params: string[];
  results: string[];
  /** `def name(params): <the loop> return results`. */
  source: string;
  /** The same with its outermost `for` over range() running as `numba.prange`; null if none. */
  prangeSource: string | null;
  /** The statement that replaces the loop in the cell. */
  call: string;
  /** Functions of the notebook the loop calls: they must be compiled too. */
  helpers: string[];
  /** Names whose elements the loop assigns (`u[i] = ...`): arrays it changes in place. */
  stored: string[];
}

/** The `range` callee of the first `for` loop in `node` (itself included), if it runs over one. */
export function firstRangeCallee(
  parsed: IParsed,
  node: SyntaxNode
): SyntaxNode | null {
  const loop = descendants(node).find(item => item.name === 'ForStatement');
  const parts = loop ? children(loop) : [];
  const callee =
    parts[parts.findIndex(part => part.name === 'in') + 1]?.firstChild;
  return callee && textOf(parsed, callee) === 'range' ? callee : null;
}

const TARGET_NODES = new Set(['TupleExpression', 'ArrayExpression']);

function targetNames(parsed: IParsed, node: SyntaxNode): string[] {
  if (node.name === 'VariableName') {
    return [textOf(parsed, node)];
  }
  if (TARGET_NODES.has(node.name)) {
    return children(node).flatMap(part => targetNames(parsed, part));
  }
  return []; // a subscript or attribute changes an object; it binds no name
}

/** Names whose elements or slices are assigned under `node` (`u[i] = ...`, `a[i], a[j] = ...`). */
export function storedNames(parsed: IParsed, node: SyntaxNode): string[] {
  const out = new Set<string>();
  for (const item of descendants(node)) {
    if (item.name !== 'AssignStatement' && item.name !== 'UpdateStatement') {
      continue;
    }
    const parts = children(item);
    const last =
      item.name === 'UpdateStatement'
        ? 1
        : parts.map(part => part.name).lastIndexOf('AssignOp');
    for (const part of parts.slice(0, last)) {
      const targets = TARGET_NODES.has(part.name) ? children(part) : [part];
      for (const target of targets) {
        const base =
          target.name === 'MemberExpression' ? target.firstChild : null;
        if (base?.name === 'VariableName') {
          out.add(textOf(parsed, base));
        }
      }
    }
  }
  return [...out];
}

/** Names bound by assignments, `+=` and `for` targets anywhere under `node`. */
export function boundNames(parsed: IParsed, node: SyntaxNode): string[] {
  const out = new Set<string>();
  for (const item of descendants(node)) {
    const parts = children(item);
    if (item.name === 'AssignStatement') {
      const last = parts.map(part => part.name).lastIndexOf('AssignOp');
      parts
        .slice(0, last)
        .forEach(part => targetNames(parsed, part).forEach(n => out.add(n)));
    } else if (item.name === 'UpdateStatement' && parts[0]) {
      targetNames(parsed, parts[0]).forEach(n => out.add(n));
    } else if (item.name === 'ForStatement') {
      forTargets(parsed, item).forEach(n => out.add(n));
    }
  }
  return [...out];
}

function forTargets(parsed: IParsed, node: SyntaxNode): string[] {
  const parts = children(node);
  const end = parts.findIndex(part => part.name === 'in');
  return parts.slice(1, end).flatMap(part => targetNames(parsed, part));
}

/** Names that stay globals of the compiled function: modules, builtins, functions. */
function globalNames(ctx: ITemplateContext): Set<string> {
  const cells = ctx.notebook?.cells.map(cell => cell.analysis) ?? [];
  return new Set([
    ...[ctx.analysis, ...cells].flatMap(a => a.imports.map(i => i.alias)),
    ...[ctx.analysis, ...cells].flatMap(a => a.functions.map(f => f.name)),
    ...BUILTIN_NAMES
  ]);
}

const BUILTIN_NAMES = [
  'range',
  'len',
  'abs',
  'min',
  'max',
  'float',
  'int',
  'bool',
  'complex',
  'enumerate',
  'zip',
  'sum',
  'round',
  'print',
  'True',
  'False',
  'None'
];

/** The loop as a compiled function, or null when the loop's shape rules Numba out. */
export function loopFunction(
  ctx: ITemplateContext,
  loop: ILoop
): ILoopFunction | null {
  if (
    loop.inFunction !== null ||
    loop.depth !== 0 ||
    loop.kind === 'comprehension' ||
    loop.appends.length > 0 ||
    loop.stringOrDictWork ||
    loop.subprocess
  ) {
    return null;
  }
  const parsed = ctx.parsed;
  const top = topStatements(parsed);
  const node = top.find(item => lineOf(parsed.text, item.from) === loop.line);
  if (!node || !/^(For|While)Statement$/.test(node.name)) {
    return null;
  }
  const { params, results, stored, taken } = loopNames(ctx, top, node);
  const base = `${results[0] ?? stored[0] ?? params[0] ?? 'loop'}_loop`;
  const name = taken.has(base) ? `loop_line_${loop.line}` : base;
  const header = `def ${name}(${params.join(', ')}):\n`;
  const prange = firstRangeCallee(parsed, node);
  const returns =
    results.length > 0 ? `\n    return ${results.join(', ')}` : '';
  const helpers = loop.calls.filter(call =>
    (ctx.notebook?.definitions[call] ?? null) !== null
      ? true
      : ctx.analysis.functions.some(fn => fn.name === call && !fn.nested)
  );
  return {
    name,
    params,
    results,
    source: `${header}${indent(dedent(textOf(parsed, node)))}${returns}`,
    prangeSource: prange
      ? `${header}${indent(dedent(applyEdits(parsed.text, node.from, node.to, [{ from: prange.from, to: prange.to, text: 'numba.prange' }])))}${returns}`
      : null,
    call: `${results.length > 0 ? `${results.join(', ')} = ` : ''}${name}(${params.join(', ')})`,
    helpers,
    stored
  };
}

/** What a top-level loop takes and gives back: the names it reads that exist before it, the
 * names it binds that the cell reads afterwards, and the arrays it writes into. */
function loopNames(
  ctx: ITemplateContext,
  top: readonly SyntaxNode[],
  node: SyntaxNode
): {
  params: string[];
  results: string[];
  stored: string[];
  /** Every name around the loop, which the new function's name must not shadow. */
  taken: Set<string>;
} {
  const parsed = ctx.parsed;
  const before = new Set(
    top
      .filter(item => item.to <= node.from)
      .flatMap(item => boundNames(parsed, item))
  );
  const after = new Set(
    top
      .filter(item => item.from >= node.to)
      .flatMap(item => namesIn(parsed, item))
  );
  const globals = globalNames(ctx);
  const free = new Set(ctx.analysis.freeNames);
  const loopTargets = new Set(
    descendants(node)
      .filter(item => item.name === 'ForStatement')
      .flatMap(item => forTargets(parsed, item))
  );
  const read = namesIn(parsed, node).filter(name => !globals.has(name));
  const params = read.filter(
    name => (before.has(name) || free.has(name)) && !loopTargets.has(name)
  );
  const results = boundNames(parsed, node).filter(
    name =>
      !loopTargets.has(name) &&
      (after.has(name) ||
        before.has(name) || // state the loop carries on, as the cell leaves it
        free.has(name) ||
        (ctx.analysis.lastExpression ?? '') === name)
  );
  const stored = storedNames(parsed, node).filter(name =>
    params.includes(name)
  );
  const taken = new Set([...before, ...after, ...read]);
  return { params, results, stored, taken };
}
