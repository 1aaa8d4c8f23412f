import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import type { NotebookPanel } from '@jupyterlab/notebook';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStateDB } from '@jupyterlab/statedb';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { MeasurementsService } from '../../kernel/measurements';
import { loadInstallCode } from '../probe-code';
import { IMeasurements } from '../tokens';
import { followSettings } from './settings';
import { DEFAULT_SETTINGS, readSettings } from '../../contracts/settings';

/** Installs the kernel probe in every notebook's kernel and keeps what it measures. */
export const probePlugin: JupyterFrontEndPlugin<IMeasurements> = {
  id: 'jupyterlab-optimiser:probe',
  description:
    'Measures every cell execution in the kernel and describes the machine, for the Optimiser panel.',
  autoStart: true,
  provides: IMeasurements,
  requires: [INotebookTracker],
  optional: [IStateDB, ISettingRegistry, ITranslator],
  activate: activateProbe
};

function activateProbe(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  state: IStateDB | null,
  settings: ISettingRegistry | null,
  translator: ITranslator | null
): IMeasurements {
  const trans = (translator ?? nullTranslator).load('jupyterlab_optimiser');
  const service = new MeasurementsService({
    store: state,
    trans,
    config: DEFAULT_SETTINGS,
    installCode: loadInstallCode
  });
  // Settings first, so that a probe switched off is never installed, not even briefly.
  const ready = followSettings(settings, readSettings, config =>
    service.setConfig(config)
  );
  const add = (panel: NotebookPanel) =>
    void ready.then(() => follow(service, panel));
  tracker.forEach(add);
  tracker.widgetAdded.connect((_, panel) => add(panel));
  return service;
}

/** Measures one notebook from when its file is loaded until its panel closes. */
async function follow(
  service: MeasurementsService,
  panel: NotebookPanel
): Promise<void> {
  panel.disposed.connect(() => service.remove(panel.id));
  await panel.context.ready;
  if (panel.isDisposed) {
    return;
  }
  panel.context.pathChanged.connect((_, path) =>
    service.rename(panel.id, path)
  );
  await service.add({
    id: panel.id,
    path: panel.context.path,
    sessionContext: panel.sessionContext
  });
}
