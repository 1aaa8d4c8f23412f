import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import type { NotebookPanel } from '@jupyterlab/notebook';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStateDB } from '@jupyterlab/statedb';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import type { IMeasurementsConfig } from '../kernel/measurements';
import { MeasurementsService } from '../kernel/measurements';
import { IMeasurements, PLUGIN_ID } from '../tokens';

/** Installs the kernel probe in every notebook's kernel and keeps what it measures. */
export const probePlugin: JupyterFrontEndPlugin<IMeasurements> = {
  id: 'jupyterlab-optimiser:probe',
  description: 'Measures every cell execution in the kernel and describes the machine, for the Optimiser panel.',
  autoStart: true,
  provides: IMeasurements,
  requires: [INotebookTracker],
  optional: [IStateDB, ISettingRegistry, ITranslator],
  activate: activateProbe
};

const DEFAULTS: IMeasurementsConfig = { historyLength: 20, probeEnabled: true };

function activateProbe(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  state: IStateDB | null,
  settings: ISettingRegistry | null,
  translator: ITranslator | null
): IMeasurements {
  const trans = (translator ?? nullTranslator).load('jupyterlab_optimiser');
  const service = new MeasurementsService({ state, trans, config: DEFAULTS });
  // Settings are read before notebooks are followed, so a switched-off probe is never installed.
  const ready = loadConfig(settings, config => service.setConfig(config));
  tracker.forEach(panel => void ready.then(() => follow(service, panel)));
  tracker.widgetAdded.connect((_, panel) => void ready.then(() => follow(service, panel)));
  return service;
}

async function follow(service: MeasurementsService, panel: NotebookPanel): Promise<void> {
  await panel.context.ready;
  if (panel.isDisposed) {
    return;
  }
  await service.add({ id: panel.id, path: panel.context.path, sessionContext: panel.sessionContext });
  panel.context.pathChanged.connect((_, path) => service.rename(panel.id, path));
  panel.disposed.connect(() => service.remove(panel.id));
}

async function loadConfig(
  registry: ISettingRegistry | null,
  apply: (config: IMeasurementsConfig) => void
): Promise<void> {
  if (!registry) {
    return;
  }
  try {
    const settings = await registry.load(PLUGIN_ID);
    const read = () =>
      apply({
        historyLength: (settings.composite.historyLength as number) ?? DEFAULTS.historyLength,
        probeEnabled: (settings.composite.probeEnabled as boolean) ?? DEFAULTS.probeEnabled
      });
    read();
    settings.changed.connect(read);
  } catch (error) {
    console.warn('jupyterlab-optimiser: settings unavailable, using defaults', error);
  }
}
