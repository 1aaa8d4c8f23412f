import type { NotebookPanel } from '@jupyterlab/notebook';

import type { IInsertCell, RuleId } from '../contracts/advice';
import { insertBelow } from './insertbelow';

/**
 * The panel's Insert: the rule's template and verify cells go below the cell in one undoable
 * step (src/insert.ts), each tagged by its template with `jupyterlab-optimiser` metadata so the
 * panel can find the rewrite's timings and verify line later; then the notebook scrolls to show
 * them. The user's cell is not touched or run.
 */
export function insertAdvice(
  notebook: NotebookPanel,
  cellId: string,
  rule: RuleId,
  cells: readonly IInsertCell[]
): void {
  void rule; // the cells carry it in their metadata
  const model = notebook.content.model;
  if (!model) {
    throw new Error('the notebook is not loaded');
  }
  if (model.readOnly) {
    throw new Error('the notebook is read-only');
  }
  const index = notebook.content.widgets.findIndex(
    cell => cell.model.id === cellId
  );
  if (index < 0) {
    throw new Error('the cell is no longer in the notebook');
  }
  insertBelow(notebook, cellId, cells);
  void notebook.content.scrollToItem(index + cells.length, 'smart');
}
