import type { NotebookPanel } from '@jupyterlab/notebook';
import type { ISignal } from '@lumino/signaling';
import { Signal } from '@lumino/signaling';

/**
 * The Optimiser panel's state: which notebook it follows and which cell it shows.
 * `changed` fires only when something really changed.
 */
export class OptimiserModel {
  /** Fires after the notebook or the selected cell changes. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** The notebook the panel follows, or null when no notebook is active. */
  get notebook(): NotebookPanel | null {
    return this._notebook;
  }

  /** Id of the cell the panel shows, or null to show the notebook's active cell. */
  get selectedCellId(): string | null {
    return this._selectedCellId;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Follows another notebook; the cell selection goes with the old one. */
  setNotebook(notebook: NotebookPanel | null): void {
    if (notebook === this._notebook) {
      return;
    }
    this._notebook = notebook;
    this._selectedCellId = null;
    this._changed.emit();
  }

  /** Shows one cell, e.g. the one chosen with "Optimise this cell". */
  selectCell(notebook: NotebookPanel, cellId: string | null): void {
    if (notebook === this._notebook && cellId === this._selectedCellId) {
      return;
    }
    this._notebook = notebook;
    this._selectedCellId = cellId;
    this._changed.emit();
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
  private _isDisposed = false;
  private _changed = new Signal<this, void>(this);
}
