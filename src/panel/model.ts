import type { NotebookPanel } from '@jupyterlab/notebook';
import type { ISignal } from '@lumino/signaling';
import { Signal } from '@lumino/signaling';

import type { IPanelState } from './types';

/**
 * What other plugins see of the panel (the IOptimiserModel token carries this interface): which
 * notebook and cell it shows, the state built for them, and a way to show another cell.
 */
export interface IOptimiserModel {
  /** Fires after the notebook or the selected cell changes. */
  readonly changed: ISignal<IOptimiserModel, void>;
  /** Fires with the new view state when it differs from the last one. */
  readonly stateChanged: ISignal<IOptimiserModel, IPanelState | null>;
  /** The notebook the panel follows, or null when no notebook is active. */
  readonly notebook: NotebookPanel | null;
  /** Id of the cell the panel shows, or null to show the notebook's active cell. */
  readonly selectedCellId: string | null;
  /** What the panel shows now; null before the first refresh of the followed notebook. */
  readonly state: IPanelState | null;
  /** Shows one cell, e.g. the one chosen with "Optimise this cell"; null follows the active cell. */
  selectCell(notebook: NotebookPanel, cellId: string | null): void;
}

/**
 * The Optimiser panel's state: which notebook it follows, which cell it shows, and the view state
 * built for them. Each signal fires only when its part really changed.
 */
export class OptimiserModel implements IOptimiserModel {
  /** Fires after the notebook or the selected cell changes. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Fires with the new view state when it differs from the last one. */
  get stateChanged(): ISignal<this, IPanelState | null> {
    return this._stateChanged;
  }

  /** The notebook the panel follows, or null when no notebook is active. */
  get notebook(): NotebookPanel | null {
    return this._notebook;
  }

  /** Id of the cell the panel shows, or null to show the notebook's active cell. */
  get selectedCellId(): string | null {
    return this._selectedCellId;
  }

  /** What the panel shows now; null before the first refresh of the followed notebook. */
  get state(): IPanelState | null {
    return this._state;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Follows another notebook; the cell selection and the view state go with the old one. */
  setNotebook(notebook: NotebookPanel | null): void {
    if (notebook === this._notebook) {
      return;
    }
    this._notebook = notebook;
    this._selectedCellId = null;
    this.setState(null);
    this._changed.emit();
  }

  /** Shows one cell, e.g. the one chosen with "Optimise this cell"; null follows the active cell. */
  selectCell(notebook: NotebookPanel, cellId: string | null): void {
    if (notebook === this._notebook && cellId === this._selectedCellId) {
      return;
    }
    if (notebook !== this._notebook) {
      this.setState(null);
    }
    this._notebook = notebook;
    this._selectedCellId = cellId;
    this._changed.emit();
  }

  /**
   * Replaces the view state. Built states are fresh objects each time, so they are compared by
   * value: a refresh that finds nothing new does not re-render the panel.
   */
  setState(state: IPanelState | null): void {
    const key = state === null ? null : JSON.stringify(state);
    if (key === this._stateKey) {
      return;
    }
    this._state = state;
    this._stateKey = key;
    this._stateChanged.emit(state);
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    Signal.clearData(this);
  }

  private _notebook: NotebookPanel | null = null;
  private _selectedCellId: string | null = null;
  private _state: IPanelState | null = null;
  private _stateKey: string | null = null;
  private _isDisposed = false;
  private _changed = new Signal<this, void>(this);
  private _stateChanged = new Signal<this, IPanelState | null>(this);
}
