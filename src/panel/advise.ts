import type { ICellSource } from '../analysis';
import { NotebookAnalyser } from '../analysis';
import { adviseCell } from '../pipeline';
import type { AdviseFn, IAdviseContext, ReadFn } from './options';
import { SlicedReader } from './reader';
import type { IAdvised, ICellInfo } from './types';
import { NOTHING_ADVISED } from './types';

/** Notebooks whose analysis is kept warm; switching between a few open notebooks stays cheap. */
const WARM_NOTEBOOKS = 4;

/** The pipeline adapted to the panel: advice for one cell, and the reading ahead of it. */
export interface IAdviser {
  advise: AdviseFn;
  read: ReadFn;
}

/**
 * The analysis pipeline (src/pipeline.ts) adapted to the panel: ranked advice for one cell from
 * the notebook's sources, the probe's facts and runs, and the settings. Each notebook keeps its
 * own analyser, so re-advising after an edit re-reads only the edited cell, and its own reader,
 * which fills that analyser a slice at a time before the first advice.
 */
export function createAdviser(): IAdviser {
  const warm = new Map<
    string,
    { analyser: NotebookAnalyser; reader: SlicedReader }
  >();
  const warmFor = (notebookId: string) => {
    let entry = warm.get(notebookId);
    if (entry) {
      warm.delete(notebookId); // re-inserted below: most recently used last
    } else {
      const analyser = new NotebookAnalyser();
      entry = { analyser, reader: new SlicedReader(analyser) };
    }
    warm.set(notebookId, entry);
    if (warm.size > WARM_NOTEBOOKS) {
      warm.delete(warm.keys().next().value as string);
    }
    return entry;
  };
  const advise = (cell: ICellInfo, context: IAdviseContext): IAdvised => {
    const result = adviseCell(
      {
        cells: context.cells.map(({ id, type, source }) => ({
          id,
          type,
          source
        })),
        runs: context.measurements.runs,
        facts: context.measurements.facts,
        config: context.config,
        analyser: warmFor(context.notebookId).analyser
      },
      cell.id
    );
    return result
      ? { advice: result.advice, diagnosis: result.diagnosis }
      : NOTHING_ADVISED;
  };
  const read: ReadFn = (notebookId, cells, budgetMs) =>
    warmFor(notebookId).reader.readSome(codeCells(cells), budgetMs);
  return { advise, read };
}

/** The code cells as the pipeline hands them to the analyser (index: position among all cells). */
function codeCells(cells: readonly ICellInfo[]): ICellSource[] {
  const code: ICellSource[] = [];
  cells.forEach((cell, index) => {
    if (cell.type === 'code') {
      code.push({ id: cell.id, source: cell.source, index });
    }
  });
  return code;
}
