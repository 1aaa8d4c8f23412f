/**
 * A loop of the cell's own code (at its top level, or inside a top-level loop whose other work
 * Numba cannot compile) as a function Numba can compile: its inputs are the names it reads that
 * exist before it runs (bound earlier in the cell or by other cells), its results the names it
 * binds that the rest of the cell reads. Arrays it changes in place need no result: Numba
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
import {
  bindingsOf,
  boundNames,
  forTargets,
  storedNames
} from '../../analysis/bindings';
import type { ILoop } from '../../analysis/types';
import { dedent, indent, indentAt } from '../../templates/cells';
import { listReductions } from './compile';
import type { ITemplateContext } from '../../templates/types';

/** A loop of the cell's own code made into a function. */
export interface ILoopFunction {
  name: string;
  params: string[];
  results: string[];
  /** `def name(params): <the loop> return results`. */
  source: string;
  /** The same with its outermost `for` over range() running as `numba.prange`; null if none. */
  prangeSource: string | null;
  /** The statement that replaces the loop in the cell, indented as the loop was. */
  call: string;
  /** Functions of the notebook the loop calls: they must be compiled too. */
  helpers: string[];
  /** Names whose elements the loop assigns (`u[i] = ...`): arrays it changes in place. */
  stored: string[];
  /** The loop's statement in the analysis' tree of the cell. */
  node: SyntaxNode;
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

/** Names that stay globals of the compiled function: modules, builtins, functions. */
export function globalNames(ctx: ITemplateContext): Set<string> {
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
    loop.kind === 'comprehension' ||
    loop.appends.length > 0 ||
    loop.stringOrDictWork ||
    loop.subprocess
  ) {
    return null;
  }
  const parsed = ctx.parsed;
  const top = topStatements(parsed);
  const node = loopNode(parsed, top, loop.line);
  if (!node) {
    return null;
  }
  const { params, results, stored, taken } = top.includes(node)
    ? loopNames(ctx, top, node)
    : nestedLoopNames(ctx, top, node);
  const base = `${results[0] ?? stored[0] ?? params[0] ?? 'loop'}_loop`;
  const name = taken.has(base) ? `loop_line_${loop.line}` : base;
  const header = `def ${name}(${params.join(', ')}):\n`;
  const reductions = listReductions(parsed, node);
  // A nested loop's first line starts at its keyword, its others at their own indentation.
  const margin = indentAt(parsed.text, node.from);
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
    source: `${header}${indent(dedent(margin + applyEdits(parsed.text, node.from, node.to, reductions).trimEnd()))}${returns}`,
    prangeSource: prange
      ? `${header}${indent(
          dedent(
            margin +
              applyEdits(
                parsed.text,
                node.from,
                node.to,
                [
                  ...reductions,
                  { from: prange.from, to: prange.to, text: 'numba.prange' }
                ].sort((a, b) => a.from - b.from)
              ).trimEnd()
          )
        )}${returns}`
      : null,
    call: `${margin}${results.length > 0 ? `${results.join(', ')} = ` : ''}${name}(${params.join(', ')})`,
    helpers,
    stored,
    node
  };
}

const LOOPS = /^(For|While)Statement$/;
const DEFINITIONS = new Set([
  'FunctionDefinition',
  'ClassDefinition',
  'DecoratedStatement'
]);

/** The `for` or `while` statement starting on `line` in the cell's own code: a top-level one, or
 * one inside top-level statements (an outer loop, an `if`), never in a function or class. */
function loopNode(
  parsed: IParsed,
  top: readonly SyntaxNode[],
  line: number
): SyntaxNode | null {
  for (const item of top) {
    if (DEFINITIONS.has(item.name)) {
      continue;
    }
    const found = descendants(item).find(
      node => LOOPS.test(node.name) && lineOf(parsed.text, node.from) === line
    );
    if (found) {
      return found;
    }
  }
  return null;
}

/**
 * What a loop inside other top-level statements takes and gives back. Its inputs are the names
 * bound before it starts (earlier statements, the enclosing loops' targets and the statements
 * of their bodies above it); its results are the names it binds that any code outside it reads,
 * the enclosing loops' next iterations included.
 */
function nestedLoopNames(
  ctx: ITemplateContext,
  top: readonly SyntaxNode[],
  node: SyntaxNode
): ILoopNames {
  const parsed = ctx.parsed;
  const before = new Set<string>();
  for (const item of top.filter(statement => statement.from < node.from)) {
    for (const inner of descendants(item)) {
      if (inner.from >= node.from) {
        break;
      }
      // Whole statements above the loop, and the enclosing loops' own targets.
      if (inner.to <= node.from || inner.to >= node.to) {
        bindingsOf(parsed, inner).forEach(name => before.add(name));
      }
    }
  }
  const outside = new Set(
    descendants(parsed.tree.topNode)
      .filter(
        item =>
          item.name === 'VariableName' &&
          (item.to <= node.from || item.from >= node.to)
      )
      .map(item => textOf(parsed, item))
  );
  return namesGiven(ctx, node, before, outside);
}

/** A loop's inputs (the names it reads that are in `before` or come from other cells), its
 * results (the names it binds that are in `kept`, come from other cells or are the cell's
 * value) and the inputs it stores into. */
function namesGiven(
  ctx: ITemplateContext,
  node: SyntaxNode,
  before: ReadonlySet<string>,
  kept: ReadonlySet<string>
): ILoopNames {
  const parsed = ctx.parsed;
  const globals = globalNames(ctx);
  const free = new Set(ctx.analysis.freeNames);
  const loopTargets = ownLoopTargets(parsed, node);
  const read = namesIn(parsed, node).filter(name => !globals.has(name));
  const params = read.filter(
    name => (before.has(name) || free.has(name)) && !loopTargets.has(name)
  );
  const results = boundNames(parsed, node).filter(
    name =>
      !loopTargets.has(name) &&
      (kept.has(name) ||
        free.has(name) ||
        (ctx.analysis.lastExpression ?? '') === name)
  );
  const stored = storedNames(parsed, node).filter(name =>
    params.includes(name)
  );
  return {
    params,
    results,
    stored,
    taken: new Set([...before, ...kept, ...read])
  };
}

/** The targets of the `for` loops of `node`, itself included: locals of the compiled function. */
function ownLoopTargets(parsed: IParsed, node: SyntaxNode): Set<string> {
  return new Set(
    descendants(node)
      .filter(item => item.name === 'ForStatement')
      .flatMap(item => forTargets(parsed, item))
  );
}

/** What a loop takes and gives back. */
interface ILoopNames {
  params: string[];
  results: string[];
  stored: string[];
  /** Every name around the loop, which the new function's name must not shadow. */
  taken: Set<string>;
}

/** What a top-level loop takes and gives back: the names it reads that exist before it, the
 * names it binds that the cell reads afterwards (or had before: state the loop carries on, as
 * the cell leaves it), and the arrays it writes into. */
function loopNames(
  ctx: ITemplateContext,
  top: readonly SyntaxNode[],
  node: SyntaxNode
): ILoopNames {
  const parsed = ctx.parsed;
  const before = new Set(
    top
      .filter(item => item.to <= node.from)
      .flatMap(item => boundNames(parsed, item))
  );
  const after = top
    .filter(item => item.from >= node.to)
    .flatMap(item => namesIn(parsed, item));
  return namesGiven(ctx, node, before, new Set([...after, ...before]));
}
