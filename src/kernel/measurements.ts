import type { ISessionContext } from '@jupyterlab/apputils';
import type { IStateDB } from '@jupyterlab/statedb';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { ReadonlyPartialJSONValue } from '@lumino/coreutils';
import { Debouncer } from '@lumino/polling';
import type { ISignal } from '@lumino/signaling';
import { Signal } from '@lumino/signaling';

import type { IFacts, IRunRecord } from '../facts';
import type { IMeasurements, INotebookMeasurements, KernelStatus } from '../tokens';
import type { IProbeSink } from './client';
import { ProbeClient } from './client';
import type { RunsByCell } from './history';
import { addRun, readStoredRuns, trimRuns } from './history';

/** A notebook as the service needs it: its widget id, file path and session. */
export interface IMeasuredNotebook {
  id: string;
  path: string;
  sessionContext: ISessionContext;
}

export interface IMeasurementsConfig {
  historyLength: number;
  probeEnabled: boolean;
}

const STATE_PREFIX = 'jupyterlab-optimiser:runs:';
const SAVE_DELAY_MS = 1000;

const EMPTY: INotebookMeasurements = {
  status: 'no-kernel',
  message: null,
  runs: {},
  facts: null,
  running: null
};

interface IEntry {
  notebook: IMeasuredNotebook;
  client: ProbeClient | null;
  state: INotebookMeasurements;
  save: Debouncer;
}

/**
 * Measurements of every open notebook: one probe client per notebook, a bounded history per cell
 * kept across kernel restarts and page reloads in the state database (never in the notebook file).
 */
export class MeasurementsService implements IMeasurements {
  constructor(options: { state: IStateDB | null; trans: TranslationBundle; config: IMeasurementsConfig }) {
    this._db = options.state;
    this._trans = options.trans;
    this._config = options.config;
  }

  get changed(): ISignal<IMeasurements, string> {
    return this._changed;
  }

  get(notebookId: string): INotebookMeasurements | null {
    return this._entries.get(notebookId)?.state ?? null;
  }

  async refreshFacts(notebookId: string): Promise<void> {
    await this._entries.get(notebookId)?.client?.requestFacts();
  }

  /** Starts measuring a notebook; its stored history is loaded first, so nothing is lost. */
  async add(notebook: IMeasuredNotebook): Promise<void> {
    const entry: IEntry = {
      notebook,
      state: EMPTY,
      client: null,
      save: new Debouncer(() => this._save(entry), SAVE_DELAY_MS)
    };
    this._entries.set(notebook.id, entry);
    const stored = await this._load(notebook.path);
    if (this._entries.get(notebook.id) !== entry) {
      return; // closed while loading
    }
    this._update(entry, { runs: { ...stored, ...entry.state.runs } });
    entry.client = new ProbeClient({
      session: notebook.sessionContext,
      sink: this._sink(entry),
      trans: this._trans,
      enabled: this._config.probeEnabled
    });
  }

  /** Stops measuring a notebook (closed); pending history is saved first. */
  remove(notebookId: string): void {
    const entry = this._entries.get(notebookId);
    if (!entry) {
      return;
    }
    this._entries.delete(notebookId);
    entry.save.dispose();
    void this._save(entry);
    entry.client?.dispose();
  }

  /** The notebook was renamed or moved: its history follows it. */
  rename(notebookId: string, path: string): void {
    const entry = this._entries.get(notebookId);
    if (entry && entry.notebook.path !== path) {
      void this._db?.remove(STATE_PREFIX + entry.notebook.path);
      entry.notebook = { ...entry.notebook, path };
      void entry.save.invoke();
    }
  }

  setConfig(config: IMeasurementsConfig): void {
    const trimmed = config.historyLength < this._config.historyLength;
    this._config = config;
    for (const entry of this._entries.values()) {
      entry.client?.setEnabled(config.probeEnabled);
      if (trimmed) {
        this._update(entry, { runs: trimRuns(entry.state.runs, config.historyLength) });
        void entry.save.invoke();
      }
    }
  }

  dispose(): void {
    for (const id of [...this._entries.keys()]) {
      this.remove(id);
    }
    Signal.clearData(this);
  }

  private _sink(entry: IEntry): IProbeSink {
    return {
      status: (status: KernelStatus, message: string | null) => this._update(entry, { status, message }),
      facts: (facts: Omit<IFacts, 'runs'>) => this._update(entry, { facts }),
      running: running => this._update(entry, { running }),
      run: (cellId: string, record: IRunRecord) => {
        this._update(entry, { runs: addRun(entry.state.runs, cellId, record, this._config.historyLength) });
        void entry.save.invoke();
      }
    };
  }

  /** Replaces the snapshot and signals, only when something really changed. */
  private _update(entry: IEntry, change: Partial<INotebookMeasurements>): void {
    const keys = Object.keys(change) as (keyof INotebookMeasurements)[];
    if (keys.every(key => entry.state[key] === change[key])) {
      return;
    }
    entry.state = { ...entry.state, ...change };
    if (this._entries.get(entry.notebook.id) === entry) {
      this._changed.emit(entry.notebook.id);
    }
  }

  private async _load(path: string): Promise<RunsByCell> {
    if (!this._db) {
      return {};
    }
    try {
      return readStoredRuns(await this._db.fetch(STATE_PREFIX + path), this._config.historyLength);
    } catch {
      return {}; // an unreadable entry is not worth losing the notebook over
    }
  }

  private async _save(entry: IEntry): Promise<void> {
    await this._db?.save(
      STATE_PREFIX + entry.notebook.path,
      entry.state.runs as unknown as ReadonlyPartialJSONValue
    );
  }

  private _db: IStateDB | null;
  private _trans: TranslationBundle;
  private _config: IMeasurementsConfig;
  private _entries = new Map<string, IEntry>();
  private _changed = new Signal<IMeasurements, string>(this);
}
