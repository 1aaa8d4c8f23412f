/** Plugin, panel and command ids, in one place so that schema, tests and code agree. */
export const PLUGIN_ID = 'jupyterlab-optimiser:plugin';
export const COMMANDS_PLUGIN_ID = 'jupyterlab-optimiser:commands';
export const PANEL_ID = 'jp-optimiser-panel';

export namespace CommandIDs {
  export const optimiseCell = 'optimiser:optimise-cell';
  export const openPanel = 'optimiser:open-panel';
}
