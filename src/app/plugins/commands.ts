import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { registerCommands } from '../commands';
import { CommandIDs, COMMANDS_PLUGIN_ID } from '../../contracts/ids';
import { IOptimiserModel } from '../tokens';

/** "Optimise this cell" and "Open the Optimiser panel": palette, context menu (schema), shortcut (schema). */
export const commandsPlugin: JupyterFrontEndPlugin<void> = {
  id: COMMANDS_PLUGIN_ID,
  description:
    'Commands that open the Optimiser panel on a cell, from the context menu, palette and keyboard.',
  autoStart: true,
  requires: [INotebookTracker, IOptimiserModel],
  optional: [ICommandPalette, ITranslator],
  activate: activateCommands
};

function activateCommands(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  model: IOptimiserModel,
  palette: ICommandPalette | null,
  translator: ITranslator | null
): void {
  const trans = (translator ?? nullTranslator).load('jupyterlab_optimiser');
  registerCommands({
    commands: app.commands,
    tracker,
    model,
    trans,
    activatePanel: id => app.shell.activateById(id),
    contextMenuTarget: () =>
      app.contextMenuHitTest(node => node.classList.contains('jp-Cell'))
  });
  const category = trans.__('Optimiser');
  for (const command of [CommandIDs.optimiseCell, CommandIDs.openPanel]) {
    palette?.addItem({ command, category, args: { isPalette: true } });
  }
}
