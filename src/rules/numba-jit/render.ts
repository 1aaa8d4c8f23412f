/**
 * numba-jit: the cell's hot function copied with `@numba.njit(cache=True)` (with `parallel=True`
 * and `numba.prange` on loops whose iterations are independent, and `fastmath=True` unless the
 * code tests for NaN or infinity), compiled once for the argument types before anything is timed.
 * A hot loop at the cell's top level becomes a compiled function.
 */
import type { ICall, IFunctionDef, ILoop } from '../../analysis/types';
import { blocks, dedent, indent } from '../../templates/cells';
import type { IRewrite } from '../../templates/rewrite';
import { defaultOutputs } from '../../templates/rewrite';
import type { IEdit } from '../../analysis/syntax';
import {
  applyEdits,
  children,
  descendants,
  lineOf,
  linesOf,
  namesIn,
  parse,
  replaceLines,
  statementAt,
  textOf
} from '../../analysis/syntax';
import type { ITemplateContext } from '../../templates/types';

const NOT_PARAMS = new Set([
  'range',
  'len',
  'abs',
  'min',
  'max',
  'float',
  'int',
  'enumerate',
  'zip',
  'sum',
  'round',
  'math',
  'np',
  'numpy',
  'numba',
  'cmath',
  'True',
  'False',
  'None'
]);

/** A function the cell calls or defines, with the cell it lives in. */
export interface IHotFunction {
  fn: IFunctionDef;
  /** The id of the cell defining it. */
  cellId: string;
}

/**
 * The function the finding is about, with the cell defining it: exactly the finding's target,
 * never another choice. Null when the target is a loop or the whole cell.
 */
export function targetFunction(ctx: ITemplateContext): IHotFunction | null {
  const target = ctx.finding.target;
  if (target.kind !== 'function' || target.functionName === null) {
    return null;
  }
  const analysis =
    target.cellId === ctx.cellId
      ? ctx.analysis
      : ctx.notebook?.cells.find(cell => cell.id === target.cellId)?.analysis;
  const fn = analysis?.functions.find(
    item =>
      item.name === target.functionName &&
      item.line === target.line &&
      !item.nested
  );
  return fn ? { fn, cellId: target.cellId } : null;
}

/** The top-level loop the finding is about, or null when its target is not such a loop. */
function targetLoop(ctx: ITemplateContext): ILoop | null {
  const target = ctx.finding.target;
  return target.kind === 'loop' && target.cellId === ctx.cellId
    ? (ctx.analysis.loops.find(
        loop => loop.inFunction === null && loop.line === target.line
      ) ?? null)
    : null;
}

/** Loops of a function that may run as `numba.prange`: independent, range, nothing appended. */
export function parallelLoops(loops: readonly ILoop[]): ILoop[] {
  return loops.filter(
    loop =>
      loop.kind === 'for' &&
      loop.depth === 0 &&
      loop.independent &&
      loop.iterable?.kind === 'range' &&
      loop.appends.length === 0 &&
      !loop.branches
  );
}

/** The function's source with `range` -> `numba.prange` on its independent loops. */
export function withPrange(fn: IFunctionDef): {
  source: string;
  parallel: boolean;
} {
  const parsed = parse(fn.source);
  const forNodes = descendants(parsed.tree.topNode).filter(
    node => node.name === 'ForStatement'
  );
  const forLoops = fn.loops
    .filter(loop => loop.kind === 'for')
    .sort((a, b) => a.line - b.line);
  const chosen = new Set(parallelLoops(fn.loops));
  const edits: IEdit[] = [];
  forLoops.forEach((loop, i) => {
    const node = forNodes[i];
    if (!chosen.has(loop) || !node) {
      return;
    }
    const parts = children(node);
    const iterable = parts[parts.findIndex(part => part.name === 'in') + 1];
    const callee = iterable?.firstChild;
    if (
      iterable?.name === 'CallExpression' &&
      callee &&
      textOf(parsed, callee) === 'range'
    ) {
      edits.push({ from: callee.from, to: callee.to, text: 'numba.prange' });
    }
  });
  return {
    source: applyEdits(fn.source, 0, fn.source.length, edits),
    parallel: edits.length > 0
  };
}

/** Code that tests for NaN or infinity needs IEEE arithmetic, which fastmath gives up. */
const NEEDS_IEEE = /\b(isnan|isinf|isfinite|inf|nan|NaN|Inf)\b/;

function decorated(source: string, parallel: boolean): string {
  const fast = !NEEDS_IEEE.test(source);
  const options = [
    'cache=True',
    ...(parallel ? ['parallel=True'] : []),
    ...(fast ? ['fastmath=True'] : [])
  ].join(', ');
  const comments = [
    parallel
      ? '# parallel=True + numba.prange: the iterations are independent, so they run on all cores.'
      : '# No prange: each iteration needs the one before, so the loop stays sequential.',
    ...(fast
      ? [
          '# fastmath=True: LLVM may reorder float sums and use quicker forms of pow and sqrt (the last',
          '# digits can change; the check compares with allclose). Remove it if the code relies on NaN or inf.'
        ]
      : [])
  ];
  return `${comments.join('\n')}\n@numba.njit(${options})\n${source.trimEnd()}`;
}

/** The numba-jit rewrite of a cell. */
export function numbaRewrite(ctx: ITemplateContext): IRewrite {
  const hot = targetFunction(ctx);
  if (hot && hot.fn.decorators.length === 0) {
    return functionRewrite(ctx, hot);
  }
  const loop = targetLoop(ctx);
  const kernel = loop ? loopKernel(ctx, loop) : null;
  if (kernel) {
    return kernel;
  }
  return {
    summary: 'compile the hot code with Numba.',
    prepare: 'import numba',
    run: ctx.source.trimEnd(),
    outputs: [],
    todo: [
      'The optimiser found no function or top-level loop it can compile here. Move the hot loop into a function of numbers and NumPy arrays, decorate it with @numba.njit(cache=True) and call it once to compile.'
    ],
    cleanup: null
  };
}

/** The cell as it runs once `hot` is redefined elsewhere (its own definition left out), the
 * call the cell makes to it, and the names the old and new versions must agree on. */
export function callSite(
  ctx: ITemplateContext,
  hot: IHotFunction
): { run: string; outputs: string[]; call: ICall | undefined } {
  const { fn } = hot;
  const call = ctx.analysis.calls.find(item => item.name === fn.name);
  let run = ctx.source;
  if (hot.cellId === ctx.cellId) {
    run = replaceLines(ctx.source, fn.line, fn.endLine, '').replace(
      /^\s*\n/,
      ''
    );
  }
  const outputs =
    call && call.assignedTo.length > 0
      ? defaultOutputs(ctx, call.assignedTo)
      : defaultOutputs(
          ctx,
          ctx.analysis.assigned.filter(
            name =>
              name !== fn.name &&
              !ctx.analysis.functions.some(item => item.name === name)
          )
        );
  return { run, outputs, call };
}

function functionRewrite(ctx: ITemplateContext, hot: IHotFunction): IRewrite {
  const { fn } = hot;
  const { source, parallel } = withPrange(fn);
  const { run, outputs, call } = callSite(ctx, hot);
  const assigned = new Set(ctx.analysis.assigned);
  const compilable =
    call !== undefined &&
    call.args.length > 0 &&
    call.args.every(
      arg =>
        !arg.includes('=') &&
        namesIn(parse(arg), parse(arg).tree.topNode).every(
          name => !assigned.has(name)
        )
    );
  const compile = compilable
    ? `# Compile once for these argument types, before anything is timed.\n${fn.name}.compile(tuple(numba.typeof(arg) for arg in (${call.args.join(', ')},)))`
    : '# The first call compiles (a second or so); the check below leaves it out of its timing.';
  const todo = fn.stringOrDictWork
    ? [
        `${fn.name} works on strings or dicts, which Numba compiles poorly or not at all; if compiling fails, keep those parts outside the compiled function.`
      ]
    : [];
  return {
    summary:
      `${fn.name} is compiled to machine code by Numba` +
      (hot.cellId === ctx.cellId
        ? '.'
        : ` (copied from cell ${hot.cellId}; later calls use the compiled version).`),
    prepare: blocks(
      'import math\n\nimport numba',
      decorated(dedent(source), parallel),
      compile
    ),
    run: run.trimEnd(),
    outputs,
    todo,
    cleanup: null
  };
}

/** A top-level `for` or `while` loop that only accumulates numbers, as a compiled function. */
function loopKernel(ctx: ITemplateContext, loop: ILoop): IRewrite | null {
  // What the loop hands on: its accumulators, or for a `while` loop the names it carries from
  // one iteration to the next (its counter among them).
  const results =
    loop.accumulators.length > 0 ? loop.accumulators : loop.carried;
  if (
    results.length === 0 ||
    loop.appends.length > 0 ||
    loop.stringOrDictWork
  ) {
    return null;
  }
  const parsed = parse(ctx.source);
  const node = statementAt(parsed, loop.line);
  if (
    !node ||
    (node.name !== 'ForStatement' && node.name !== 'WhileStatement')
  ) {
    return null;
  }
  const targets = new Set(
    (loop.target ?? '').split(',').map(item => item.trim())
  );
  const params = namesIn(parsed, node).filter(
    name =>
      !targets.has(name) &&
      !NOT_PARAMS.has(name) &&
      !loop.calls.includes(name) &&
      (ctx.analysis.assigned.includes(name) ||
        ctx.analysis.freeNames.includes(name))
  );
  for (const result of results) {
    if (!params.includes(result)) {
      params.push(result);
    }
  }
  const name = `${results[0]}_loop`;
  const returned = results.join(', ');
  const body = linesOf(ctx.source, lineOf(ctx.source, node.from), loop.endLine);
  const fn = `def ${name}(${params.join(', ')}):\n${indent(dedent(body))}\n    return ${returned}`;
  const parallel = parallelLoops([loop]).length > 0;
  const fnParsed = parse(fn);
  const forNode = descendants(fnParsed.tree.topNode).find(
    item => item.name === 'ForStatement'
  );
  let source = fn;
  if (parallel && forNode) {
    const parts = children(forNode);
    const callee =
      parts[parts.findIndex(part => part.name === 'in') + 1]?.firstChild;
    if (callee && textOf(fnParsed, callee) === 'range') {
      source = applyEdits(fn, 0, fn.length, [
        { from: callee.from, to: callee.to, text: 'numba.prange' }
      ]);
    }
  }
  const run = replaceLines(
    ctx.source,
    loop.line,
    loop.endLine,
    `${returned} = ${name}(${params.join(', ')})`
  );
  return {
    summary: `the loop on line ${loop.line} becomes the compiled function ${name}, made by Numba.`,
    prepare: blocks(
      'import math\n\nimport numba',
      decorated(source, parallel && source !== fn)
    ),
    run: `${run.trimEnd()}`,
    outputs: defaultOutputs(ctx, results),
    todo: [],
    cleanup: null
  };
}
