/**
 * A notebook's analysis: every code cell read on its own (so an edit re-reads one cell), plus the
 * functions each cell defines, for advice about a call into another cell.
 */
import { analyseCell } from './cell';
import type { ICellAnalysis, INotebookAnalysis } from './types';

/** A code cell to analyse. */
export interface ICellSource {
  /** JupyterLab's cell id, or the cell's index as a string when it has none. */
  id: string;
  source: string;
  /** The cell's position in the notebook; its position in the list given when absent. */
  index?: number;
}

/**
 * Analyses notebooks, keeping each cell's analysis until its source changes. Re-analysing a
 * notebook after one edit parses only the edited cell.
 */
export class NotebookAnalyser {
  /** Analyses the cells, reusing what is cached for unchanged sources. */
  analyse(cells: readonly ICellSource[]): INotebookAnalysis {
    const next = new Map<string, { source: string; analysis: ICellAnalysis }>();
    const result: INotebookAnalysis = { cells: [], definitions: {} };
    cells.forEach((cell, index) => {
      const cached = this._cache.get(cell.id);
      const analysis =
        cached && cached.source === cell.source
          ? cached.analysis
          : analyseCell(cell.source);
      next.set(cell.id, { source: cell.source, analysis });
      result.cells.push({ id: cell.id, index: cell.index ?? index, analysis });
    });
    // Only cells still in the notebook stay cached: a closed notebook's cells are not kept.
    this._cache = next;
    result.definitions = definitionsOf(result.cells);
    return result;
  }

  /** The number of cells cached: for tests and the benchmark. */
  get size(): number {
    return this._cache.size;
  }

  private _cache = new Map<
    string,
    { source: string; analysis: ICellAnalysis }
  >();
}

/** Analyses a notebook once, without a cache. */
export function analyseNotebook(
  cells: readonly ICellSource[]
): INotebookAnalysis {
  return new NotebookAnalyser().analyse(cells);
}

/** Function name -> the id of the cell defining it; a later definition wins, as in the kernel. */
export function definitionsOf(
  cells: INotebookAnalysis['cells']
): Record<string, string> {
  // No prototype: a Python function may well be called `constructor` or `toString`.
  const definitions = Object.create(null) as Record<string, string>;
  for (const cell of cells) {
    for (const fn of cell.analysis.functions) {
      if (!fn.nested && fn.name !== '') {
        definitions[fn.name] = cell.id;
      }
    }
  }
  return definitions;
}
