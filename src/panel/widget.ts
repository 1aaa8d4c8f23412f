import type { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import type { Message } from '@lumino/messaging';
import * as React from 'react';

import type { IPanelActions } from './view';
import { OptimiserView } from './view';
import { optimiserIcon } from './icon';
import type { OptimiserModel } from './model';
import { PANEL_ID } from '../contracts/ids';

/**
 * The right side-panel. It renders the model's state when it changes, and tells its owner when it
 * is shown or hidden: a hidden panel does no work.
 */
export class OptimiserPanel extends ReactWidget {
  constructor(
    model: OptimiserModel,
    translator: ITranslator,
    actions: IPanelActions
  ) {
    super();
    this._model = model;
    this._actions = actions;
    this._trans = translator.load('jupyterlab_optimiser');
    this.id = PANEL_ID;
    this.addClass('jp-Optimiser');
    this.title.icon = optimiserIcon;
    this.title.caption = this._trans.__('Optimiser');
    this.node.setAttribute('role', 'region');
    this.node.setAttribute('aria-label', this._trans.__('Optimiser panel'));
  }

  /** Called after the panel is shown (the plugin catches up then). */
  onShown: () => void = () => undefined;

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this.update();
    this.onShown();
  }

  protected onAfterHide(msg: Message): void {
    super.onAfterHide(msg);
    this.update(); // stops the live timer
  }

  protected render(): JSX.Element {
    return React.createElement(UseSignal, {
      signal: this._model.stateChanged,
      initialArgs: this._model.state,
      children: () =>
        React.createElement(OptimiserView, {
          trans: this._trans,
          notebookName: this._model.notebook?.title.label ?? null,
          state: this._model.state,
          active: this.isVisible,
          actions: this._actions
        })
    });
  }

  private _model: OptimiserModel;
  private _actions: IPanelActions;
  private _trans: TranslationBundle;
}
