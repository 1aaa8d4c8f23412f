import type { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { OptimiserView } from './components/optimiserview';
import { optimiserIcon } from './icon';
import type { OptimiserModel } from './model';
import { PANEL_ID } from './tokens';

/** The right side-panel: renders the model, re-rendering only when it changes. */
export class OptimiserPanel extends ReactWidget {
  constructor(model: OptimiserModel, translator: ITranslator) {
    super();
    this._model = model;
    this._trans = translator.load('jupyterlab_optimiser');
    this.id = PANEL_ID;
    this.addClass('jp-Optimiser');
    this.title.icon = optimiserIcon;
    this.title.caption = this._trans.__('Optimiser');
    this.node.setAttribute('role', 'region');
    this.node.setAttribute('aria-label', this._trans.__('Optimiser panel'));
  }

  protected render(): JSX.Element {
    return React.createElement(UseSignal, {
      signal: this._model.changed,
      children: () => React.createElement(OptimiserView, viewProps(this._model, this._trans))
    });
  }

  private _model: OptimiserModel;
  private _trans: TranslationBundle;
}

/** The view's props, read from the model and the notebook it follows. */
export function viewProps(model: OptimiserModel, trans: TranslationBundle) {
  const notebook = model.notebook;
  if (!notebook) {
    return { trans, notebookName: null, cell: null };
  }
  const cells = notebook.content.widgets;
  const id = model.selectedCellId ?? notebook.content.activeCell?.model.id ?? null;
  const index = cells.findIndex(cell => cell.model.id === id);
  const cell =
    index < 0
      ? null
      : {
          id: cells[index].model.id,
          index: index + 1,
          firstLine: cells[index].model.sharedModel.getSource().split('\n')[0]
        };
  return { trans, notebookName: notebook.title.label, cell };
}
