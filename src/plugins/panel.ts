import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ILabShell, ILayoutRestorer } from '@jupyterlab/application';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { OptimiserModel } from '../model';
import { OptimiserPanel } from '../panel';
import { IOptimiserModel, PLUGIN_ID } from '../tokens';

/** The right side-panel, following the active notebook. */
export const panelPlugin: JupyterFrontEndPlugin<OptimiserModel> = {
  id: PLUGIN_ID,
  description: 'The Optimiser side panel: where a notebook spends its time and what to do next.',
  autoStart: true,
  provides: IOptimiserModel,
  requires: [INotebookTracker],
  optional: [ITranslator, ILayoutRestorer, ILabShell],
  activate: activatePanel
};

function activatePanel(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  translator: ITranslator | null,
  restorer: ILayoutRestorer | null,
  labShell: ILabShell | null
): OptimiserModel {
  const model = new OptimiserModel();
  const panel = new OptimiserPanel(model, translator ?? nullTranslator);
  app.shell.add(panel, 'right', { rank: 600 });
  restorer?.add(panel, panel.id);

  model.setNotebook(tracker.currentWidget);
  tracker.currentChanged.connect((_, notebook) => model.setNotebook(notebook));
  // In Lab, leaving notebooks for another document keeps the last notebook shown, as the ToC does.
  labShell?.currentChanged.connect(() => {
    if (tracker.currentWidget && tracker.currentWidget !== model.notebook) {
      model.setNotebook(tracker.currentWidget);
    }
  });
  return model;
}
