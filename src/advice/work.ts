/**
 * Where a cell's work happens: its top-level loops and the loops of the user functions it calls,
 * following calls into other cells (a notebook often defines in one cell and runs in another).
 */
import type { IFunctionRef } from '../analysis/callgraph';
import type { ICellLine } from '../analysis/callgraph';
import {
  cellById,
  definitionsHolding,
  functionsHolding,
  reachable,
  topLevelCallNames
} from '../analysis/callgraph';
import type {
  ICellAnalysis,
  IFunctionDef,
  ILoop,
  INotebookAnalysis
} from '../analysis/types';
import type { IVariableFacts } from '../contracts/facts';
import type { IDataSize } from './data';
import { largestData } from './data';

export type { IFunctionRef };

/** A loop's facts with those of the user functions it calls folded in. */
export interface IEffective {
  arithmetic: boolean;
  mathCalls: string[];
  stringOrDictWork: boolean;
  subprocess: boolean;
  branches: boolean;
  /** A called function calls itself. */
  recursion: boolean;
  /** A called function has loops of its own: each iteration is a sizeable work item. */
  callsLoopingFunction: boolean;
  /** The loop runs inside a Numba-compiled function. */
  compiled: boolean;
  arrayCalls: string[];
}

/** A candidate hot loop. */
export interface IWorkLoop {
  loop: ILoop;
  /** The id of the cell holding the loop. */
  cellId: string;
  /** The function holding the loop; null for the analysed cell's own top level. */
  fn: IFunctionRef | null;
  effective: IEffective;
  /** Items the loop iterates over, from the code or the probe's variable sizes. */
  count: number | null;
  countSource: 'code' | 'probe' | null;
  /** User functions the loop body calls. */
  called: IFunctionRef[];
  /** Those and every user function they call in turn. */
  reached: IFunctionRef[];
  /** Loops nested inside this one. */
  nested: ILoop[];
  /** The loop's lines of source ('' when the cell's source is not at hand). */
  text: string;
}

/** Where the cell's work happens. */
export interface IWork {
  /** Every candidate hot loop: top-level loops of the cell, then loops of called functions. */
  loops: IWorkLoop[];
  /** Every loop, nested ones too, of the cell's top level and of the functions it calls. */
  allLoops: IWorkLoop[];
  /** The cell's own top-level loops: each iteration a work item. */
  itemLoops: IWorkLoop[];
  /** User functions the cell's top level calls itself, in order of first call. */
  topLevelCalls: IFunctionRef[];
  /** User functions called from the cell's top level, and the functions they call in turn. */
  userCalls: IFunctionRef[];
  /** Functions among `userCalls` (or the cell's own) compiled with Numba for the CPU. */
  compiled: IFunctionRef[];
  /** The code already runs work on several cores (a pool, Dask, Numba `parallel=True`). */
  parallel: boolean;
  /** The code already uses a GPU library or CUDA kernels. */
  gpu: boolean;
  data: IDataSize | null;
}

const SUBSCRIPT_METHODS = ['__getitem__', '__setitem__'];

/** Reads where the cell's work happens. */
export function readWork(
  cell: { id: string; analysis: ICellAnalysis },
  notebook: INotebookAnalysis,
  variables: Readonly<Record<string, IVariableFacts>>,
  sources: Readonly<Record<string, string>> = {},
  profiled: readonly ICellLine[] = []
): IWork {
  // Methods the profile found running: no call by name reaches them, a call `obj.name(...)` does.
  const hotMethods = definitionsHolding(profiled, notebook).filter(
    ref => ref.def.method
  );
  const workLoop = (
    loop: ILoop,
    cellId: string,
    fn: IFunctionRef | null,
    siblings: readonly ILoop[]
  ): IWorkLoop =>
    readLoop(
      loop,
      cellId,
      fn,
      notebook,
      variables,
      siblings,
      sources,
      hotMethods
    );
  const analysis = cell.analysis;
  const topCalls = topLevelCallNames(analysis);
  const userCalls = [
    ...reachable(
      [...topCalls, ...functionsHolding(profiled, notebook)],
      cell.id,
      notebook
    ),
    ...hotMethods
  ];
  const itemLoops = analysis.loops
    .filter(loop => loop.inFunction === null && loop.depth === 0)
    .map(loop => workLoop(loop, cell.id, null, analysis.loops));
  const functionLoops = userCalls.flatMap(ref =>
    ref.def.loops
      .filter(loop => loop.depth === 0)
      .map(loop => workLoop(loop, ref.cellId, ref, ref.def.loops))
  );
  const ownLoops = analysis.loops
    .filter(loop => loop.inFunction === null)
    .map(loop => workLoop(loop, cell.id, null, analysis.loops));
  const calledLoops = userCalls.flatMap(ref =>
    ref.def.loops.map(loop => workLoop(loop, ref.cellId, ref, ref.def.loops))
  );
  const decorators = userCalls.flatMap(ref => ref.def.decorators);
  const elsewhere = userCalls
    .filter(ref => !ref.sameCell)
    .map(ref => ({
      ref,
      allocations: cellById(notebook, ref.cellId)?.allocations ?? []
    }));
  return {
    loops: [...itemLoops, ...functionLoops],
    allLoops: [...ownLoops, ...calledLoops],
    itemLoops,
    topLevelCalls: userCalls.filter(ref => topCalls.includes(ref.name)),
    userCalls,
    compiled: userCalls.filter(ref => isCompiled(ref.def)),
    parallel: isParallel(analysis, userCalls),
    gpu: analysis.uses.gpu || decorators.some(text => text.includes('cuda')),
    data: largestData(cell.id, analysis, elsewhere, variables)
  };
}

/** A pool, Dask, or Numba's `parallel=True` / `prange` already spread the work over cores. */
function isParallel(
  analysis: ICellAnalysis,
  userCalls: readonly IFunctionRef[]
): boolean {
  return (
    analysis.uses.parallel ||
    userCalls.some(
      ref =>
        ref.def.decorators.some(text => text.includes('parallel=True')) ||
        ref.def.calls.some(name => name.endsWith('prange'))
    )
  );
}

function readLoop(
  loop: ILoop,
  cellId: string,
  fn: IFunctionRef | null,
  notebook: INotebookAnalysis,
  variables: Readonly<Record<string, IVariableFacts>>,
  siblings: readonly ILoop[],
  sources: Readonly<Record<string, string>>,
  hotMethods: readonly IFunctionRef[]
): IWorkLoop {
  const source = Object.prototype.hasOwnProperty.call(sources, cellId)
    ? sources[cellId]
    : '';
  const attributes = new Set(
    loop.calls
      .filter(name => name.includes('.'))
      .map(name => name.slice(name.lastIndexOf('.') + 1))
  );
  // `G[x, y]` on an object of the notebook's own class runs its `__getitem__`/`__setitem__`.
  if (loop.elementIndexing.length > 0) {
    SUBSCRIPT_METHODS.forEach(name => attributes.add(name));
  }
  const methods = hotMethods.filter(ref => attributes.has(ref.name));
  const called = [...reachable(loop.calls, cellId, notebook), ...methods];
  const direct = called.filter(
    ref => loop.calls.includes(ref.name) || methods.includes(ref)
  );
  const fromCode = loop.iterable?.count;
  const probe = fn === null ? probeCount(loop, variables) : undefined;
  return {
    loop,
    cellId,
    fn,
    effective: effective(loop, called, fn),
    count: fromCode ?? probe ?? null,
    countSource:
      fromCode !== undefined ? 'code' : probe !== undefined ? 'probe' : null,
    called: direct,
    reached: called,
    nested: siblings.filter(
      other =>
        other !== loop &&
        other.depth > loop.depth &&
        other.line >= loop.line &&
        other.endLine <= loop.endLine
    ),
    text: source
      .split('\n')
      .slice(loop.line - 1, loop.endLine)
      .join('\n')
  };
}

function effective(
  loop: ILoop,
  called: readonly IFunctionRef[],
  fn: IFunctionRef | null
): IEffective {
  const defs = called.map(ref => ref.def);
  return {
    arithmetic: loop.arithmetic || defs.some(def => def.arithmetic),
    mathCalls: [
      ...new Set([...loop.mathCalls, ...defs.flatMap(def => def.mathCalls)])
    ],
    stringOrDictWork:
      loop.stringOrDictWork || defs.some(def => def.stringOrDictWork),
    subprocess: loop.subprocess || defs.some(def => def.subprocess),
    branches: loop.branches || defs.some(def => def.branches),
    recursion: defs.some(def => def.recursive),
    callsLoopingFunction: defs.some(def => def.loops.length > 0),
    compiled: fn !== null && isCompiled(fn.def),
    arrayCalls: [
      ...new Set([...loop.arrayCalls, ...defs.flatMap(def => def.arrayCalls)])
    ]
  };
}

/** The probe's length for what a top-level loop iterates over (`for x in items`). */
function probeCount(
  loop: ILoop,
  variables: Readonly<Record<string, IVariableFacts>>
): number | undefined {
  for (const name of loop.iterable?.sequences ?? []) {
    const facts = Object.prototype.hasOwnProperty.call(variables, name)
      ? variables[name]
      : undefined;
    const length = facts?.len ?? facts?.shape?.[0];
    if (length !== undefined && Number.isFinite(length)) {
      return length;
    }
  }
  return undefined;
}

/** Whether Numba compiles a function for the CPU (`@njit`, `@numba.jit(...)`). */
export function isCompiled(fn: IFunctionDef): boolean {
  return fn.decorators.some(decorator => {
    const name = decorator.split('(')[0].trim();
    const last = name.slice(name.lastIndexOf('.') + 1);
    return (
      ['njit', 'jit', 'vectorize', 'guvectorize', 'stencil'].includes(last) &&
      !name.includes('cuda')
    );
  });
}
