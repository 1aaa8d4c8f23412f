import { NotebookAnalyser } from '../analysis';
import type { IAdvice } from '../contracts/advice';
import { adviseCell } from '../pipeline';
import type { AdviseFn, IAdviseContext } from './options';
import type { ICellInfo } from './types';

/** Notebooks whose analysis is kept warm; switching between a few open notebooks stays cheap. */
const WARM_NOTEBOOKS = 4;

/**
 * The analysis pipeline (src/pipeline.ts) adapted to the panel: ranked advice for one cell from
 * the notebook's sources, the probe's facts and runs, and the settings. Each notebook keeps its
 * own analyser, so re-advising after an edit re-reads only the edited cell.
 */
export function createAdviser(): AdviseFn {
  const analysers = new Map<string, NotebookAnalyser>();
  const analyserFor = (notebookId: string): NotebookAnalyser => {
    let analyser = analysers.get(notebookId);
    if (analyser) {
      analysers.delete(notebookId); // re-inserted below: most recently used last
    } else {
      analyser = new NotebookAnalyser();
    }
    analysers.set(notebookId, analyser);
    if (analysers.size > WARM_NOTEBOOKS) {
      analysers.delete(analysers.keys().next().value as string);
    }
    return analyser;
  };
  return (cell: ICellInfo, context: IAdviseContext): readonly IAdvice[] => {
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
        analyser: analyserFor(context.notebookId)
      },
      cell.id
    );
    return result?.advice ?? [];
  };
}
