import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ILabShell, ILayoutRestorer } from '@jupyterlab/application';
import { Clipboard } from '@jupyterlab/apputils';
import { PageConfig } from '@jupyterlab/coreutils';
import { INotebookTracker } from '@jupyterlab/notebook';
import type { Contents } from '@jupyterlab/services';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStateDB } from '@jupyterlab/statedb';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { OptimiserModel } from '../../panel/model';
import { createAdviser } from '../../panel/advise';
import { DEFAULT_SETTINGS, readSettings } from '../../contracts/settings';
import { PanelController } from '../../panel/controller';
import { insertAdvice } from '../../panel/insert';
import { PanelMemory } from '../../panel/memory';
import { OptimiserPanel } from '../../panel/widget';
import type { IDirLister } from '../../panel/sections/checklist/workspace';
import {
  checkWorkspace,
  WorkspaceCache
} from '../../panel/sections/checklist/workspace';
import { PLUGIN_ID } from '../../contracts/ids';
import { IMeasurements, IOptimiserModel } from '../tokens';
import { followSettings } from './settings';

/** The right side-panel, following the active notebook (JupyterLab 4 and Notebook 7). */
export const panelPlugin: JupyterFrontEndPlugin<OptimiserModel> = {
  id: PLUGIN_ID,
  description:
    'The Optimiser side panel: where a notebook spends its time and what to do next.',
  autoStart: true,
  provides: IOptimiserModel,
  requires: [INotebookTracker],
  optional: [
    ITranslator,
    ILayoutRestorer,
    ILabShell,
    ISettingRegistry,
    IStateDB,
    IMeasurements
  ],
  activate: activatePanel
};

function activatePanel(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  translator: ITranslator | null,
  restorer: ILayoutRestorer | null,
  labShell: ILabShell | null,
  settings: ISettingRegistry | null,
  state: IStateDB | null,
  measurements: IMeasurements | null
): OptimiserModel {
  const model = new OptimiserModel();
  const contents = app.serviceManager.contents;
  const workspace = new WorkspaceCache(path =>
    checkWorkspace(directoryLister(contents), path, allowHidden())
  );
  let panel: OptimiserPanel | null = null;
  const controller = new PanelController({
    model,
    measurements,
    memory: new PanelMemory(state),
    workspace,
    advise: createAdviser(),
    insert: insertAdvice,
    copy: text => Clipboard.copyToSystem(text),
    isActive: () => panel?.isVisible ?? false,
    config: DEFAULT_SETTINGS
  });
  panel = new OptimiserPanel(
    model,
    translator ?? nullTranslator,
    controller.actions
  );
  panel.onShown = () => controller.resume();
  panel.disposed.connect(() => controller.dispose());
  app.shell.add(panel, 'right', { rank: 600 });
  restorer?.add(panel, panel.id);
  void followSettings(settings, readSettings, config =>
    controller.setConfig(config)
  );
  followNotebooks(model, tracker, labShell);
  return model;
}

/** The panel follows the current notebook; in Lab, leaving for another document keeps the last one. */
function followNotebooks(
  model: OptimiserModel,
  tracker: INotebookTracker,
  labShell: ILabShell | null
): void {
  model.setNotebook(tracker.currentWidget);
  tracker.currentChanged.connect((_, notebook) => {
    if (notebook) {
      model.setNotebook(notebook);
    }
  });
  tracker.widgetAdded.connect(() => {
    if (!model.notebook && tracker.currentWidget) {
      model.setNotebook(tracker.currentWidget);
    }
  });
  labShell?.currentChanged.connect(() => {
    if (tracker.currentWidget && tracker.currentWidget !== model.notebook) {
      model.setNotebook(tracker.currentWidget);
    }
  });
  // A closed notebook must not stay on show.
  tracker.widgetAdded.connect((_, notebook) =>
    notebook.disposed.connect(() => {
      if (model.notebook === notebook) {
        model.setNotebook(tracker.currentWidget);
      }
    })
  );
}

/** The contents API as a folder lister for the workspace checks. */
function directoryLister(contents: Contents.IManager): IDirLister {
  return {
    async list(path: string) {
      const listing = await contents.get(path, {
        type: 'directory',
        content: true
      });
      return Array.isArray(listing.content)
        ? (listing.content as Contents.IModel[])
        : [];
    }
  };
}

/** The server's `ContentsManager.allow_hidden`, when the page says (JupyterLab does, Notebook 7 may not). */
function allowHidden(): boolean | null {
  const value = PageConfig.getOption('allow_hidden_files');
  return value === 'true' ? true : value === 'false' ? false : null;
}
