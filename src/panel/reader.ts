import type { ICellSource, NotebookAnalyser } from '../analysis';
import { pythonParserMissing } from '../analysis/parser';

/** How far the panel has read a notebook's code cells. */
export interface IReadProgress {
  /** Code cells whose current source the analysis has read. */
  read: number;
  /** Code cells in the notebook. */
  total: number;
  /**
   * Present while no cell can be read for want of the Python parser (src/analysis/parser.ts):
   * `failed` is null while JupyterLab loads it, else why it could not.
   */
  parserMissing?: { failed: string | null };
}

/** Cells in the first slice, before any is timed (the parser's first run also compiles it). */
const FIRST_CHUNK = 1;
/** The most cells one slice reads, however cheap they seemed. */
const MAX_CHUNK = 500;

/**
 * Feeds a notebook's code cells to its analyser a slice at a time, so that opening the panel on a
 * 2,000-cell notebook never parses them all in one long task. Each slice hands the analyser the
 * cells it has already read (its cache keeps them) plus a chunk of unread ones, sized from the
 * time the last chunk took per cell to fit the budget. The advice, which needs every cell (a
 * call may go into another cell's function), waits until all are read; an edit during the
 * reading only makes the edited cell unread again.
 */
export class SlicedReader {
  /** @param now - a clock in ms (tests pass their own). */
  constructor(
    private readonly _analyser: NotebookAnalyser,
    private readonly _now: () => number = () => performance.now()
  ) {}

  /** How many of these cells are read; no analysis. */
  progress(cells: readonly ICellSource[]): IReadProgress {
    let read = 0;
    for (const cell of cells) {
      if (this._read.get(cell.id) === cell.source) {
        read++;
      }
    }
    return { read, total: cells.length };
  }

  /**
   * Reads unread cells for about `budgetMs` (one analysis call, its chunk sized from the last
   * one's cost per cell) and says how far the reading is. A budget of 0 only says how far.
   */
  readSome(cells: readonly ICellSource[], budgetMs: number): IReadProgress {
    const parserMissing = pythonParserMissing();
    if (parserMissing) {
      return { ...this.progress(cells), parserMissing };
    }
    if (budgetMs <= 0) {
      return this.progress(cells);
    }
    const slice: ICellSource[] = [];
    let taken = 0;
    for (const cell of cells) {
      if (this._read.get(cell.id) === cell.source) {
        slice.push(cell);
      } else if (taken < this._chunk) {
        slice.push(cell);
        taken++;
      }
    }
    if (taken === 0) {
      return { read: cells.length, total: cells.length };
    }
    const start = this._now();
    this._analyser.analyse(slice);
    const perCell = Math.max(this._now() - start, 0.01) / taken;
    this._chunk = Math.min(
      MAX_CHUNK,
      Math.max(1, Math.floor(budgetMs / perCell))
    );
    // The analyser now holds exactly this slice: cells left out are unread again.
    this._read = new Map(slice.map(cell => [cell.id, cell.source]));
    return this.progress(cells);
  }

  /** Cells the next slice will read (for tests). */
  get chunk(): number {
    return this._chunk;
  }

  private _read = new Map<string, string>();
  private _chunk = FIRST_CHUNK;
}
