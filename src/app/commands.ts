import type { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import type { Cell } from '@jupyterlab/cells';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { CommandRegistry } from '@lumino/commands';

import { optimiserIcon } from '../panel/icon';
import type { IOptimiserModel } from './tokens';
import { CommandIDs, PANEL_ID } from '../contracts/ids';

/** What the commands need from the application, narrowed so tests can hand in fakes. */
export interface ICommandContext {
  commands: CommandRegistry;
  tracker: Pick<INotebookTracker, 'currentWidget'>;
  model: IOptimiserModel;
  trans: TranslationBundle;
  /** Brings the panel forward. */
  activatePanel: (id: string) => void;
  /** The element under a context-menu click, when the command came from one. */
  contextMenuTarget: () => HTMLElement | undefined;
}

/**
 * The cell a command acts on: the code cell under the right-click when there is one,
 * else the notebook's active cell.
 */
export function targetCell(
  notebook: NotebookPanel,
  clicked: HTMLElement | undefined
): { cell: Cell; index: number } | null {
  const cells = notebook.content.widgets;
  const cellNode = clicked?.closest('.jp-Cell');
  if (cellNode) {
    const index = cells.findIndex(cell => cell.node === cellNode);
    if (index >= 0) {
      return { cell: cells[index], index };
    }
  }
  const index = notebook.content.activeCellIndex;
  const active = cells[index];
  return active ? { cell: active, index } : null;
}

/** "Optimise this cell": select the cell in the notebook and show it in the panel. */
export function optimiseCell(ctx: ICommandContext): boolean {
  const notebook = ctx.tracker.currentWidget;
  if (!notebook) {
    return false;
  }
  const target = targetCell(notebook, ctx.contextMenuTarget());
  if (!target) {
    return false;
  }
  notebook.content.activeCellIndex = target.index;
  ctx.model.selectCell(notebook, target.cell.model.id);
  ctx.activatePanel(PANEL_ID);
  return true;
}

/** Registers the Optimiser's commands; palette entries and menus are added by the plugin. */
export function registerCommands(ctx: ICommandContext): void {
  const { commands, trans, tracker } = ctx;
  commands.addCommand(CommandIDs.optimiseCell, {
    label: trans.__('Optimise this cell'),
    caption: trans.__(
      'Show where this cell spends its time and what to do next'
    ),
    icon: args => (args['isPalette'] ? undefined : optimiserIcon),
    // The right-clicked cell decides, not the active one: a right-click does not activate a cell.
    isEnabled: () => {
      const notebook = tracker.currentWidget;
      return (
        !!notebook &&
        targetCell(notebook, ctx.contextMenuTarget())?.cell.model.type ===
          'code'
      );
    },
    execute: () => {
      optimiseCell(ctx);
    }
  });
  commands.addCommand(CommandIDs.openPanel, {
    label: trans.__('Open the Optimiser panel'),
    caption: trans.__('Show the Optimiser side panel for the current notebook'),
    execute: () => ctx.activatePanel(PANEL_ID)
  });
}
