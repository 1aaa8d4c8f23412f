/**
 * The notebook's call graph: which definition a call by name reaches (the calling cell's own
 * first, then the notebook's), and every user function reachable from a set of calls.
 */
import type { ICellAnalysis, IFunctionDef, INotebookAnalysis } from './types';

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

/** The definition a call by `name` from cell `fromCellId` reaches: that cell's own first, else the notebook's. */
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
  const cellId = Object.prototype.hasOwnProperty.call(
    notebook.definitions,
    name
  )
    ? notebook.definitions[name]
    : undefined;
  const cell = cellId !== undefined ? cellById(notebook, cellId) : undefined;
  const def = cell ? lastDefinition(cell, name) : undefined;
  return def && cellId !== undefined
    ? { name, cellId, def, sameCell: false }
    : null;
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

/** Names the cell calls from its top level (not from inside its own functions). */
export function topLevelCallNames(analysis: ICellAnalysis): string[] {
  const inFunction = (line: number): boolean =>
    analysis.functions.some(fn => line > fn.line && line <= fn.endLine);
  return [
    ...new Set(
      analysis.calls
        .filter(call => !inFunction(call.line))
        .map(call => call.name)
    )
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
