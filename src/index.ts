import type { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { commandsPlugin } from './app/plugins/commands';
import { lineMarkerPlugin } from './app/plugins/linemarker';
import { panelPlugin } from './app/plugins/panel';
import { probePlugin } from './app/plugins/probe';

const plugins: JupyterFrontEndPlugin<unknown>[] = [
  probePlugin,
  panelPlugin,
  commandsPlugin,
  lineMarkerPlugin
];

export default plugins;
