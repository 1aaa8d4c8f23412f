/**
 * What the panel does to the notebook when the user asks: select and scroll to a cell, put the
 * cursor on a cited line. The user's cells are never edited or run here.
 */
import type { Cell } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';

import type { OptimiserModel } from './model';

/** The cell widget with this id and its position, or null. */
export function findCell(
  notebook: NotebookPanel,
  cellId: string
): { cell: Cell; index: number } | null {
  const index = notebook.content.widgets.findIndex(
    cell => cell.model.id === cellId
  );
  return index < 0 ? null : { cell: notebook.content.widgets[index], index };
}

/** Makes the cell the notebook's active cell and the panel's, and scrolls it into view. */
export async function showCell(
  model: OptimiserModel,
  notebook: NotebookPanel,
  cellId: string
): Promise<void> {
  const found = findCell(notebook, cellId);
  if (!found) {
    return;
  }
  notebook.content.activeCellIndex = found.index;
  model.selectCell(notebook, cellId);
  await notebook.content.scrollToCell(found.cell, 'center');
}

/**
 * Moves the editor's cursor to the start of a 1-based line of a cell and focuses it. The panel
 * keeps showing `shownId` (the advice's cell) even when the line is in another cell.
 */
export async function goToLine(
  model: OptimiserModel,
  notebook: NotebookPanel,
  cellId: string,
  line: number,
  shownId: string = cellId
): Promise<void> {
  const found = findCell(notebook, cellId);
  if (!found) {
    return;
  }
  await showCell(model, notebook, cellId);
  model.selectCell(notebook, shownId);
  await found.cell.ready;
  const editor = found.cell.editor;
  if (!editor) {
    return;
  }
  notebook.content.mode = 'edit';
  const target = Math.max(0, Math.min(editor.lineCount - 1, line - 1));
  editor.setCursorPosition({ line: target, column: 0 });
  editor.revealPosition({ line: target, column: 0 });
  editor.focus();
}
