import type { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { commandsPlugin } from './plugins/commands';
import { panelPlugin } from './plugins/panel';
import { probePlugin } from './plugins/probe';

const plugins: JupyterFrontEndPlugin<unknown>[] = [
  probePlugin,
  panelPlugin,
  commandsPlugin
];

export default plugins;
