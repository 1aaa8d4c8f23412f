import type { NotebookPanel } from '@jupyterlab/notebook';

import type { IInsertCell, RuleId } from '../advice/types';
import { INSERTED_METADATA_KEY } from './cells';

/**
 * The role an inserted cell plays: the verify cell (the one that prints the `verify:` line),
 * a markdown note, or part of the rewrite.
 */
export function insertedRole(cell: IInsertCell): 'verify' | 'note' | 'rewrite' {
  if (cell.cell_type === 'markdown') {
    return 'note';
  }
  return /print\(\s*f?["']verify:/.test(cell.source) ? 'verify' : 'rewrite';
}

/**
 * Inserts a rule's cells below the cell, in one transaction so that one undo removes them all.
 * Each carries `jupyterlab-optimiser: {rule, source_cell, role}` metadata, which is how the panel
 * finds the rewrite's timings and the verify line later. The user's cell is not touched or run.
 */
export function insertAdvice(
  notebook: NotebookPanel,
  cellId: string,
  rule: RuleId,
  cells: readonly IInsertCell[]
): void {
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
  if (cells.length === 0) {
    return;
  }
  model.sharedModel.insertCells(
    index + 1,
    cells.map(cell => ({
      cell_type: cell.cell_type,
      source: cell.source,
      metadata: {
        [INSERTED_METADATA_KEY]: {
          rule,
          source_cell: cellId,
          role: insertedRole(cell)
        }
      }
    }))
  );
  void notebook.content.scrollToItem(index + cells.length, 'smart');
}
