/**
 * numba-jit: the finding's function copied with `@numba.njit(cache=True)` (with `parallel=True`
 * and `numba.prange` on loops whose iterations are independent; fastmath only as a commented
 * option, since it can change results), with the notebook's functions it calls compiled too,
 * and compiled once for the argument types before anything is timed when those are known. A hot
 * loop at the cell's top level becomes a compiled function of the names it reads.
 */
import type {
  ICall,
  IFunctionDef,
  ILoop,
  INotebookAnalysis
} from '../../analysis/types';
import { blocks, dedent } from '../../templates/cells';
import type { IRewrite } from '../../templates/rewrite';
import { defaultOutputs } from '../../templates/rewrite';
import type { IEdit } from '../../analysis/syntax';
import type { SyntaxNode } from '@lezer/common';

import { cellParse } from '../../analysis';
import { mentionsAny } from '../../analysis/dataflow';
import type { IParsed } from '../../analysis/syntax';
import {
  applyEdits,
  children,
  descendants,
  replaceLines,
  textOf,
  walk
} from '../../analysis/syntax';
import type { ITemplateContext } from '../../templates/types';
import {
  compiledHelpers,
  FIRST_CALL_COMPILES,
  decorated,
  helperFunctions,
  listReductions,
  precompile,
  withoutRecompiles
} from './compile';
import type { IListArguments } from './global-lists';
import { DICTS, bindsDisplay, listArguments, onlyRead } from './global-lists';
import type { ILoopFunction } from './kernel';
import { globalNames, loopFunction } from './kernel';
import type { IObjectArgument } from './objects';
import { classNames, objectArgument, objectsNote } from './objects';
import type { IUnsupportedCall } from './unsupported';
import { unsupportedCall } from './unsupported';

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

/**
 * The loops of the cell's own code the finding is about, in the order to try them: the top-level
 * loop around it first (Numba compiles the whole nest: NumPy's finding, which this renders when
 * NumPy cannot express the loop, may name an inner one), then the loop itself and the loops
 * directly inside it, for an outer loop that does work Numba cannot compile (printing,
 * strings). Empty when its target is not such a loop.
 */
function targetLoops(ctx: ITemplateContext): ILoop[] {
  const target = ctx.finding.target;
  if (target.kind !== 'loop' || target.cellId !== ctx.cellId) {
    return [];
  }
  const own = ctx.analysis.loops.filter(loop => loop.inFunction === null);
  const outer = own.find(
    loop =>
      loop.depth === 0 &&
      loop.line <= target.line &&
      loop.endLine >= target.endLine
  );
  const named = own.find(loop => loop.line === target.line);
  const inner = named
    ? own.filter(
        loop =>
          loop.depth === named.depth + 1 &&
          loop.line > named.line &&
          loop.endLine <= named.endLine
      )
    : [];
  return [...new Set([outer, named, ...inner])].filter(
    (loop): loop is ILoop => loop !== undefined
  );
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

/**
 * True when the loop's body writes an element or attribute not indexed by its own variable
 * (`v1[0] -= dx * m` on a body's velocity, pyperf's n-body): every thread would update the same
 * place, a race (Numba's prange reduces whole names, not elements).
 */
function writesShared(
  parsed: IParsed,
  forNode: SyntaxNode,
  loop: ILoop
): boolean {
  const own = new Set((loop.target ?? '').split(/[\s,()]+/).filter(Boolean));
  return descendants(forNode).some(item => {
    const target =
      item.name === 'AssignStatement' || item.name === 'UpdateStatement'
        ? item.firstChild
        : null;
    if (target?.name !== 'MemberExpression') {
      return false;
    }
    const parts = children(target);
    if (parts[1]?.name !== '[') {
      return true; // obj.attr = ...
    }
    return !mentionsAny(parts[2] ? textOf(parsed, parts[2]) : '', own);
  });
}

/** The function's source with `range` -> `numba.prange` on its independent loops, and the
 * `extra` edits (offsets in its cell's text). */
export function withPrange(
  ctx: ITemplateContext,
  hot: IHotFunction,
  extra: readonly IEdit[] = []
): {
  source: string;
  parallel: boolean;
} {
  const { fn } = hot;
  const found = functionNode(ctx, hot);
  if (!found) {
    return { source: fn.source, parallel: false };
  }
  const { parsed, node } = found;
  const forNodes = descendants(node).filter(
    item => item.name === 'ForStatement'
  );
  const forLoops = fn.loops
    .filter(loop => loop.kind === 'for')
    .sort((a, b) => a.line - b.line);
  const chosen = new Set(parallelLoops(fn.loops));
  const edits: IEdit[] = [];
  forLoops.forEach((loop, i) => {
    const forNode = forNodes[i];
    if (!chosen.has(loop) || !forNode || writesShared(parsed, forNode, loop)) {
      return;
    }
    const parts = children(forNode);
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
    source: applyEdits(
      parsed.text,
      node.from,
      node.to,
      [...extra, ...edits].sort((a, b) => a.from - b.from)
    ),
    parallel: edits.length > 0
  };
}

/** The `FunctionDefinition` of `hot` (decorated or not) in the analysis' tree of its cell. */
export function functionNode(
  ctx: ITemplateContext,
  hot: IHotFunction
): { parsed: IParsed; node: SyntaxNode } | null {
  const parsed =
    hot.cellId === ctx.cellId ? ctx.parsed : definingParse(ctx, hot.cellId);
  if (!parsed) {
    return null;
  }
  const { source } = hot.fn;
  let found: SyntaxNode | null = null;
  walk(
    parsed.tree.topNode,
    node => {
      // The function's source starts at its decorators, when it has some.
      const outer =
        node.parent?.name === 'DecoratedStatement' ? node.parent : node;
      if (
        outer.to - outer.from === source.length &&
        textOf(parsed, outer) === source
      ) {
        found = node;
        return true;
      }
      return false;
    },
    { only: FUNCTIONS }
  );
  return found ? { parsed, node: found } : null;
}

const FUNCTIONS: ReadonlySet<string> = new Set(['FunctionDefinition']);

/** The note for code that calls what Numba cannot compile: the line, the call, what instead. */
function cannotCompile(
  ctx: ITemplateContext,
  call: IUnsupportedCall
): IRewrite {
  return noteOnly(
    ctx,
    'compile the hot code with Numba, once the call below is moved out.',
    `Line ${call.line} calls ${call.call}, which Numba's nopython mode does not compile: ${call.instead}.`
  );
}

/** The cell as it is, with the one thing to do before Numba can compile it. */
function noteOnly(
  ctx: ITemplateContext,
  summary: string,
  todo: string
): IRewrite {
  return {
    summary,
    prepare: 'import numba',
    run: ctx.source.trimEnd(),
    outputs: [],
    todo: [todo],
    cleanup: null
  };
}

/** The notebook's cells other than this one. */
function otherCells(ctx: ITemplateContext): INotebookAnalysis['cells'] {
  return (ctx.notebook?.cells ?? []).filter(cell => cell.id !== ctx.cellId);
}

/** The analysis' parse of a cell of the notebook. */
function parseOf(
  ctx: ITemplateContext,
  cell: INotebookAnalysis['cells'][number]
): IParsed {
  return cellParse(cell.analysis, ctx.cellSources[cell.id] ?? '');
}

/** An argument of the cell's call to `hot` that holds objects of a class of the notebook. */
function objectsPassed(
  ctx: ITemplateContext,
  hot: IHotFunction
): IObjectArgument | null {
  const { call } = callSite(ctx, hot);
  if (!call) {
    return null;
  }
  const parses = [
    ctx.parsed,
    ...otherCells(ctx).map(cell => parseOf(ctx, cell))
  ];
  return objectArgument(call, classNames(parses), name =>
    parsesBinding(ctx, name)
  );
}

/** The analysis' parse of another cell of the notebook, or null when it is not analysed. */
function definingParse(ctx: ITemplateContext, cellId: string): IParsed | null {
  const cell = ctx.notebook?.cells.find(item => item.id === cellId);
  return cell ? parseOf(ctx, cell) : null;
}

/** The numba-jit rewrite of a cell. */
export function numbaRewrite(ctx: ITemplateContext): IRewrite {
  const hot = targetFunction(ctx);
  const imports = [
    ctx.analysis,
    ...otherCells(ctx).map(cell => cell.analysis)
  ].flatMap(analysis => analysis.imports);
  if (hot && hot.fn.decorators.length === 0) {
    const call = unsupportedCall(hot.fn.source, hot.fn.line, imports);
    if (call) {
      return cannotCompile(ctx, call);
    }
    const objects = objectsPassed(ctx, hot);
    return objects
      ? noteOnly(
          ctx,
          'compile the hot code with Numba, once its data are arrays.',
          objectsNote(objects)
        )
      : functionRewrite(ctx, hot);
  }
  // The unsupported call of the innermost loop tried, the one the finding names, is the one
  // to move out.
  let unsupported: IUnsupportedCall | null = null;
  for (const loop of targetLoops(ctx)) {
    const text = ctx.source
      .split('\n')
      .slice(loop.line - 1, loop.endLine)
      .join('\n');
    const call = unsupportedCall(text, loop.line, imports);
    const kernel = call ? null : loopKernel(ctx, loop);
    if (kernel) {
      return kernel;
    }
    unsupported = call ?? unsupported;
  }
  if (unsupported) {
    return cannotCompile(ctx, unsupported);
  }
  const fallback = ctx.finding.target.kind === 'cell' ? cellWide(ctx) : null;
  if (fallback) {
    return fallback;
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
  // The cell's own call: one inside a function of the cell (a recursive call, or a caller such
  // as harris() calling xsten()) assigns that function's locals, not names the cell keeps.
  const inside = (line: number): boolean =>
    ctx.analysis.functions.some(
      item => line >= item.line && line <= item.endLine
    );
  const call = ctx.analysis.calls.find(
    item => item.name === fn.name && !inside(item.line)
  );
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

/** A helper as it is compiled: its reductions over generators made over lists. */
function compilable(ctx: ITemplateContext, helper: IHotFunction): IHotFunction {
  const found = functionNode(ctx, helper);
  const edits = found ? listReductions(found.parsed, found.node) : [];
  return found && edits.length > 0
    ? {
        ...helper,
        fn: {
          ...helper.fn,
          source: applyEdits(
            found.parsed.text,
            found.node.from,
            found.node.to,
            edits
          )
        }
      }
    : helper;
}

/** The lists `hot` reads from the notebook's globals, passed in as arrays (./global-lists.ts). */
function globalLists(
  ctx: ITemplateContext,
  hot: IHotFunction,
  found: { parsed: IParsed; node: SyntaxNode } | null
): IListArguments | null {
  if (!found || hot.fn.recursive) {
    return null; // a recursive function would call its Python caller, which Numba cannot
  }
  return listArguments(
    found.parsed,
    found.node,
    name => parsesBinding(ctx, name),
    globalNames(ctx)
  );
}

/** The parses of the cells (this one first) that assign `name` at their top level. */
function parsesBinding(ctx: ITemplateContext, name: string): IParsed[] {
  return [
    ...(ctx.analysis.assigned.includes(name) ? [ctx.parsed] : []),
    ...otherCells(ctx)
      .filter(cell => cell.analysis.assigned.includes(name))
      .map(cell => parseOf(ctx, cell))
  ];
}

/** Inputs of a loop kernel bound to a dict display or comprehension that the loop only reads:
 * Numba cannot take a Python dict, so each is passed as a numba.typed.Dict of its items. */
function dictArguments(ctx: ITemplateContext, made: ILoopFunction): string[] {
  return made.params.filter(
    name =>
      !made.stored.includes(name) &&
      onlyRead(ctx.parsed, made.node, name) &&
      parsesBinding(ctx, name).some(parsed => bindsDisplay(parsed, name, DICTS))
  );
}

const TYPED_DICT = [
  'def as_typed_dict(mapping):',
  '    """The same items in a numba.typed.Dict (its types are the first item\'s)."""',
  '    typed = numba.typed.Dict()',
  '    for key, value in mapping.items():',
  '        typed[key] = value',
  '    return typed'
].join('\n');

function functionRewrite(ctx: ITemplateContext, hot: IHotFunction): IRewrite {
  const { fn } = hot;
  const found = functionNode(ctx, hot);
  const lists = globalLists(ctx, hot, found);
  const { source, parallel } = withPrange(ctx, hot, [
    ...(lists?.edits ?? []),
    ...(found ? listReductions(found.parsed, found.node) : [])
  ]);
  const { outputs, call } = callSite(ctx, hot);
  const helpers = helperFunctions(ctx, fn.calls, [fn.name]).map(helper =>
    compilable(ctx, helper)
  );
  const recompiles = withoutRecompiles(
    withoutDefinitions(ctx, [hot, ...helpers]),
    [fn.name, ...helpers.map(h => h.fn.name)]
  );
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
        : ` (copied from cell ${hot.cellId}; later calls use the compiled version).`) +
      helpersNote(helpers),
    prepare: blocks(
      `import math\n\nimport numba${lists ? '\nimport numpy' : ''}`,
      compiledHelpers(helpers),
      decorated(dedent(source), parallel),
      lists
        ? `${lists.caller}\n\n${FIRST_CALL_COMPILES}`
        : precompile(ctx, fn, call)
    ),
    run: recompiles.run.trimEnd(),
    // A name bound to the compiled function is a function on both sides, not a result.
    outputs: outputs.filter(name => !recompiles.bound.includes(name)),
    todo,
    cleanup: null
  };
}

function helpersNote(helpers: readonly { fn: IFunctionDef }[]): string {
  return helpers.length > 0
    ? ` It calls ${helpers.map(h => h.fn.name).join(', ')}, compiled too.`
    : '';
}

/** The cell without the definitions that the template cell compiled (those of this cell). */
function withoutDefinitions(
  ctx: ITemplateContext,
  defs: readonly { fn: IFunctionDef; cellId: string }[]
): string {
  return defs
    .filter(item => item.cellId === ctx.cellId)
    .sort((a, b) => b.fn.line - a.fn.line)
    .reduce(
      (text, { fn }) => replaceLines(text, fn.line, fn.endLine, ''),
      ctx.source
    )
    .replace(/^\s*\n/, '');
}

/** For a finding about the whole cell: the cell's own function with the most loops (a recursive
 * one counts), else the first top-level loop that compiles. */
function cellWide(ctx: ITemplateContext): IRewrite | null {
  const fns = ctx.analysis.functions
    .filter(fn => !fn.nested && fn.decorators.length === 0)
    .filter(fn => fn.loops.length > 0 || (fn.recursive && fn.arithmetic))
    .sort((a, b) => b.loops.length - a.loops.length);
  if (fns.length > 0) {
    return functionRewrite(ctx, { fn: fns[0], cellId: ctx.cellId });
  }
  for (const loop of ctx.analysis.loops) {
    const kernel = loopKernel(ctx, loop);
    if (kernel) {
      return kernel;
    }
  }
  return null;
}

/** A top-level `for` or `while` loop as a compiled function (./kernel.ts says what it takes
 * and gives back); `numba.prange` when its iterations are independent. */
function loopKernel(ctx: ITemplateContext, loop: ILoop): IRewrite | null {
  const made = loopFunction(ctx, loop);
  if (
    !made ||
    (made.results.length === 0 && made.stored.length === 0) ||
    !(loop.arithmetic || loop.elementIndexing.length > 0)
  ) {
    return null;
  }
  // Only a pure reduction runs as prange: a loop that writes into arrays may read in one
  // iteration what another writes (time steps, stencils), a race parallel=True would not see.
  const parallel = made.stored.length === 0 && parallelLoops([loop]).length > 0;
  const source =
    parallel && made.prangeSource ? made.prangeSource : made.source;
  const helpers = helperFunctions(ctx, made.helpers, []).map(helper =>
    compilable(ctx, helper)
  );
  const dicts = dictArguments(ctx, made);
  const call = made.call.replace(
    `${made.name}(${made.params.join(', ')})`,
    `${made.name}(${made.params.map(name => (dicts.includes(name) ? `as_typed_dict(${name})` : name)).join(', ')})`
  );
  // Bottom-up, so that each edit's line numbers still hold.
  const edits = [
    { first: loop.line, last: loop.endLine, text: call },
    ...helpers
      .filter(item => item.cellId === ctx.cellId)
      .map(({ fn }) => ({ first: fn.line, last: fn.endLine, text: '' }))
  ].sort((a, b) => b.first - a.first);
  const run = edits.reduce(
    (text, edit) => replaceLines(text, edit.first, edit.last, edit.text),
    ctx.source
  );
  return {
    summary: `the loop on line ${loop.line} becomes the compiled function ${made.name}, made by Numba.${helpersNote(helpers)}`,
    prepare: blocks(
      'import math\n\nimport numba',
      compiledHelpers(helpers),
      decorated(source, parallel && source !== made.source),
      dicts.length > 0
        ? `# ${dicts.join(', ')}: a dict, which Numba cannot take: passed in as a numba.typed.Dict of the same items.\n${TYPED_DICT}`
        : null
    ),
    run: run.replace(/^\s*\n/, '').trimEnd(),
    outputs: defaultOutputs(ctx, [...made.results, ...made.stored]),
    todo: [],
    cleanup: null
  };
}
