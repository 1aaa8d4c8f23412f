/**
 * The notebook's call graph: which definition a call by name reaches (the calling cell's own
 * first, then the nearest cell above that defines it), and every user function reachable from a set of calls.
 */
import type {
  ICall,
  ICellAnalysis,
  IFunctionDef,
  INotebookAnalysis
} from './types';

/** A user function found by name, and the cell defining it. */
export interface IFunctionRef {
  name: string;
  cellId: string;
  def: IFunctionDef;
  /** True when the analysed cell defines it itself. */
  sameCell: boolean;
}

/** How deep calls are followed: far enough for helper-of-helper, bounded for recursion. */
const CALL_DEPTH = 3;

const cellMaps = new WeakMap<INotebookAnalysis, Map<string, ICellAnalysis>>();

export function cellById(
  notebook: INotebookAnalysis,
  id: string
): ICellAnalysis | undefined {
  let map = cellMaps.get(notebook);
  if (!map) {
    map = new Map(notebook.cells.map(cell => [cell.id, cell.analysis]));
    cellMaps.set(notebook, map);
  }
  return map.get(id);
}

/**
 * The definition a call by `name` from cell `fromCellId` reaches: that cell's own first, else the
 * nearest cell above that defines it (run in order, that is the one the kernel holds), else the
 * nearest below (a notebook run out of order).
 */
export function findFunction(
  name: string,
  fromCellId: string,
  notebook: INotebookAnalysis
): IFunctionRef | null {
  const own = cellById(notebook, fromCellId);
  const local = own ? lastDefinition(own, name) : undefined;
  if (local) {
    return { name, cellId: fromCellId, def: local, sameCell: true };
  }
  const cell = definingCell(name, fromCellId, notebook);
  const def = cell ? lastDefinition(cell.analysis, name) : undefined;
  return def && cell ? { name, cellId: cell.id, def, sameCell: false } : null;
}

type AnalysedCell = INotebookAnalysis['cells'][number];

/** Per notebook: every function name a cell defines (nested ones too) -> those cells' positions. */
const functionIndexes = new WeakMap<INotebookAnalysis, Map<string, number[]>>();

/**
 * The positions in `notebook.cells` of the cells defining a function `name` (nested or not), in
 * notebook order. Indexed once per analysis: a render per cell must not scan every cell.
 */
export function cellsDefining(
  notebook: INotebookAnalysis,
  name: string
): readonly number[] {
  let index = functionIndexes.get(notebook);
  if (!index) {
    index = new Map();
    notebook.cells.forEach((cell, position) => {
      for (const fn of cell.analysis.functions) {
        const positions = index!.get(fn.name) ?? [];
        if (positions[positions.length - 1] !== position) {
          positions.push(position);
          index!.set(fn.name, positions);
        }
      }
    });
    functionIndexes.set(notebook, index);
  }
  return index.get(name) ?? [];
}

/** Per notebook: the cells defining each name, in notebook order, and each cell id's position. */
const definers = new WeakMap<
  INotebookAnalysis,
  { byName: Map<string, AnalysedCell[]>; positions: Map<string, number> }
>();

/** The nearest cell above `fromCellId` defining `name`, else the nearest below. */
function definingCell(
  name: string,
  fromCellId: string,
  notebook: INotebookAnalysis
): AnalysedCell | undefined {
  let map = definers.get(notebook);
  if (!map) {
    // Made once per analysis: looking a name up must not scan the notebook (2,000 cells, each
    // calling builtins that no cell defines, made this quadratic).
    map = { byName: new Map(), positions: new Map() };
    notebook.cells.forEach((cell, position) => {
      if (!map!.positions.has(cell.id)) {
        map!.positions.set(cell.id, position);
      }
      for (const fn of cell.analysis.functions) {
        const cells = map!.byName.get(fn.name) ?? [];
        if (!fn.nested && !cells.includes(cell)) {
          cells.push(cell);
          map!.byName.set(fn.name, cells);
        }
      }
    });
    definers.set(notebook, map);
  }
  const cells = map.byName.get(name);
  if (!cells) {
    return undefined;
  }
  const from = map.positions.get(fromCellId) ?? -1;
  const position = (cell: AnalysedCell): number => notebook.cells.indexOf(cell);
  const above = cells.filter(cell => position(cell) < from);
  return above.length > 0
    ? above[above.length - 1]
    : cells.find(cell => position(cell) > from);
}

function lastDefinition(
  cell: ICellAnalysis,
  name: string
): IFunctionDef | undefined {
  let found: IFunctionDef | undefined;
  for (const fn of cell.functions) {
    if (fn.name === name && !fn.nested) {
      found = fn;
    }
  }
  return found;
}

/** The calls the cell makes from its top level (not from inside its own functions). */
export function topLevelCalls(analysis: ICellAnalysis): ICall[] {
  const inFunction = (line: number): boolean =>
    analysis.functions.some(fn => line > fn.line && line <= fn.endLine);
  return analysis.calls.filter(call => !inFunction(call.line));
}

/** Names the cell calls from its top level (not from inside its own functions). */
export function topLevelCallNames(analysis: ICellAnalysis): string[] {
  return [...new Set(topLevelCalls(analysis).map(call => call.name))];
}

/** A line of a cell, as the probe's line profile names it. */
export interface ICellLine {
  cell_id: string;
  line: number;
}

/**
 * The notebook's functions whose bodies hold one of `places` (the innermost for each), methods
 * and nested functions too: a function the profile saw running is reached, even when the call
 * that runs it is out of the parser's sight (`timeit.Timer("fib(36)")`, `exec`, a callback, a
 * method called on an object).
 */
export function definitionsHolding(
  places: readonly ICellLine[],
  notebook: INotebookAnalysis
): IFunctionRef[] {
  const found: IFunctionRef[] = [];
  for (const place of places) {
    const holding = (cellById(notebook, place.cell_id)?.functions ?? []).filter(
      fn => place.line >= fn.line && place.line <= fn.endLine
    );
    if (holding.length === 0) {
      continue;
    }
    const def = holding.reduce((a, b) => (b.line > a.line ? b : a));
    if (!found.some(ref => ref.def === def)) {
      found.push({
        name: def.name,
        cellId: place.cell_id,
        def,
        sameCell: false
      });
    }
  }
  return found;
}

/** The names of `definitionsHolding(places)`, each once. */
export function functionsHolding(
  places: readonly ICellLine[],
  notebook: INotebookAnalysis
): string[] {
  return [
    ...new Set(definitionsHolding(places, notebook).map(ref => ref.name))
  ];
}

/** User functions reachable from `names` through calls, breadth first, each once. */
export function reachable(
  names: readonly string[],
  fromCellId: string,
  notebook: INotebookAnalysis
): IFunctionRef[] {
  const found: IFunctionRef[] = [];
  const seen = new Set<string>();
  let frontier = names
    .filter(name => !name.includes('.'))
    .map(name => ({ name, from: fromCellId }));
  for (let depth = 0; depth < CALL_DEPTH && frontier.length > 0; depth++) {
    const next: { name: string; from: string }[] = [];
    for (const { name, from } of frontier) {
      const ref = seen.has(name) ? null : findFunction(name, from, notebook);
      seen.add(name);
      if (ref) {
        found.push({ ...ref, sameCell: ref.cellId === fromCellId });
        next.push(
          ...ref.def.calls
            .filter(call => !call.includes('.'))
            .map(call => ({ name: call, from: ref.cellId }))
        );
      }
    }
    frontier = next;
  }
  return found;
}
