import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ILabShell, ILayoutRestorer } from '@jupyterlab/application';
import { Clipboard } from '@jupyterlab/apputils';
import { IEditorLanguageRegistry } from '@jupyterlab/codemirror';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStateDB } from '@jupyterlab/statedb';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { OptimiserModel } from '../../panel/model';
import { createAdviser } from '../../panel/advise';
import { DEFAULT_SETTINGS, readSettings } from '../../contracts/settings';
import { PanelController } from '../../panel/controller';
import { followNotebooks } from '../../panel/follow';
import { insertAdvice } from '../../panel/insert';
import { PanelMemory } from '../../panel/memory';
import { OptimiserPanel } from '../../panel/widget';
import {
  allowHidden,
  directoryLister
} from '../../panel/sections/checklist/contents';
import {
  checkWorkspace,
  WorkspaceCache
} from '../../panel/sections/checklist/workspace';
import { PLUGIN_ID } from '../../contracts/ids';
import { loadPythonParser } from '../python-parser';
import { IMeasurements, IOptimiserModel } from '../tokens';
import { followSettings } from './settings';

/** The right side-panel, following the active notebook (JupyterLab 4 and Notebook 7). */
export const panelPlugin: JupyterFrontEndPlugin<IOptimiserModel> = {
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
    IMeasurements,
    IEditorLanguageRegistry
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
  measurements: IMeasurements | null,
  languages: IEditorLanguageRegistry | null
): IOptimiserModel {
  const model = new OptimiserModel();
  const contents = app.serviceManager.contents;
  const workspace = new WorkspaceCache(path =>
    checkWorkspace(directoryLister(contents), path, allowHidden())
  );
  let panel: OptimiserPanel | null = null;
  const adviser = createAdviser();
  const controller = new PanelController({
    model,
    measurements,
    memory: new PanelMemory(state),
    workspace,
    advise: adviser.advise,
    read: adviser.read,
    parserReady: loadPythonParser(languages),
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
