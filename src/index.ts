import type { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { commandsPlugin } from './plugins/commands';
import { panelPlugin } from './plugins/panel';

const plugins: JupyterFrontEndPlugin<unknown>[] = [panelPlugin, commandsPlugin];

export default plugins;
