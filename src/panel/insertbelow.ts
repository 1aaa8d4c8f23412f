/**
 * Inserting a template's cells below the analysed cell: one shared-model transaction, so one
 * undo removes them all. The user's cells are never modified and nothing is run.
 */
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { PartialJSONObject } from '@lumino/coreutils';

import type { IInsertCell } from '../contracts/advice';

/**
 * Inserts `cells` below the cell with id `cellId`, in order, as one undoable change.
 * Throws when the notebook has no cell with that id.
 */
export function insertBelow(
  notebook: NotebookPanel,
  cellId: string,
  cells: readonly IInsertCell[]
): void {
  const model = notebook.content.model;
  if (!model || cells.length === 0) {
    return;
  }
  const shared = model.sharedModel;
  const index = shared.cells.findIndex(cell => cell.getId() === cellId);
  if (index < 0) {
    throw new Error(`No cell with id ${cellId} in ${notebook.context.path}`);
  }
  type SharedCells = Parameters<typeof shared.insertCells>[1];
  const json: SharedCells = cells.map(cell => {
    const metadata = (cell.metadata ?? {}) as PartialJSONObject;
    return cell.cell_type === 'code'
      ? {
          cell_type: 'code',
          source: cell.source,
          metadata,
          outputs: [],
          execution_count: null
        }
      : { cell_type: 'markdown', source: cell.source, metadata };
  });
  shared.insertCells(index + 1, json);
}
