import type { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { commandsPlugin } from './app/plugins/commands';
import { panelPlugin } from './app/plugins/panel';
import { probePlugin } from './app/plugins/probe';

const plugins: JupyterFrontEndPlugin<unknown>[] = [
  probePlugin,
  panelPlugin,
  commandsPlugin
];

export default plugins;
