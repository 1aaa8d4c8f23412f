import type { ISessionContext } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { ReadonlyPartialJSONValue } from '@lumino/coreutils';
import { Debouncer } from '@lumino/polling';
import type { ISignal } from '@lumino/signaling';
import { Signal } from '@lumino/signaling';

import type { IRunRecord, RunsByCell } from '../contracts/facts';
import type { ISettings } from '../contracts/settings';
import type {
  INotebookMeasurements,
  KernelStatus,
  IMeasurements
} from '../contracts/measurements';
import type { IProbeSink } from './client';
import { ProbeClient } from './client';
import { addRun, mergeRuns, readStoredRuns, trimRuns } from './history';
import type { ProbeFacts } from './messages';

/** A notebook as the service needs it: its widget id, file path and session. */
export interface IMeasuredNotebook {
  readonly id: string;
  readonly path: string;
  readonly sessionContext: ISessionContext;
}

/** The probe's part of the extension's settings (read and defaulted in contracts/settings.ts). */
export type IMeasurementsConfig = Readonly<
  Pick<ISettings, 'historyLength' | 'probeEnabled' | 'profile'>
>;

/** The part of JupyterLab's state database the service uses (a StateDB in tests). */
export interface IRunStore {
  fetch(id: string): Promise<ReadonlyPartialJSONValue | undefined>;
  save(id: string, value: ReadonlyPartialJSONValue): Promise<unknown>;
  remove(id: string): Promise<void>;
}

/** State-database keys: one entry per notebook path. */
export const RUNS_KEY_PREFIX = 'jupyterlab-optimiser:runs:';

/** Runs are saved this long after the last one arrived: one write for a burst of executions. */
const SAVE_DELAY_MS = 1000;

const EMPTY: INotebookMeasurements = {
  status: 'no-kernel',
  message: null,
  runs: {},
  facts: null,
  profiling: null,
  running: null
};

/**
 * States in which no probe speaks for the kernel (none, one that is not Python, the probe off):
 * the facts of the kernel before, its machine and libraries, are not this kernel's.
 */
const NO_PROBE: ReadonlySet<KernelStatus> = new Set<KernelStatus>([
  'no-kernel',
  'timings-only'
]);

interface IEntry {
  path: string;
  readonly id: string;
  readonly save: Debouncer;
  client: ProbeClient | null;
  state: INotebookMeasurements;
}

/**
 * Measurements of every open notebook: one probe client per notebook, and a bounded history per
 * cell kept across kernel restarts and page reloads in JupyterLab's state database, keyed by the
 * notebook's path. Never in the notebook file: that would mark it modified and put timings into
 * everyone's diffs.
 */
export class MeasurementsService implements IMeasurements {
  constructor(options: {
    store: IRunStore | null;
    trans: TranslationBundle;
    config: IMeasurementsConfig;
    /** The probe's install code, for every notebook's client (see IProbeClientOptions). */
    installCode: () => Promise<string>;
  }) {
    this._installCode = options.installCode;
    this._store = options.store;
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

  /** Starts measuring a notebook; its stored history is loaded before the probe is installed. */
  async add(notebook: IMeasuredNotebook): Promise<void> {
    if (this._entries.has(notebook.id)) {
      return;
    }
    const entry: IEntry = {
      id: notebook.id,
      path: notebook.path,
      client: null,
      state: EMPTY,
      save: new Debouncer(() => this._save(entry), SAVE_DELAY_MS)
    };
    this._entries.set(notebook.id, entry);
    const stored = await this._load(notebook.path);
    if (this._entries.get(notebook.id) !== entry) {
      return; // closed while loading
    }
    const limit = this._config.historyLength;
    this._update(entry, { runs: mergeRuns(stored, entry.state.runs, limit) });
    entry.client = new ProbeClient({
      session: notebook.sessionContext,
      sink: this._sink(entry),
      trans: this._trans,
      enabled: this._config.probeEnabled,
      profile: this._config.profile,
      installCode: this._installCode
    });
  }

  /** Stops measuring a notebook (closed); its history is saved first. */
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
    if (!entry || entry.path === path) {
      return;
    }
    void this._store
      ?.remove(RUNS_KEY_PREFIX + entry.path)
      .catch(() => undefined);
    entry.path = path;
    void entry.save.invoke();
  }

  /** New settings: the probe is switched on or off, histories are trimmed to the new length. */
  setConfig(config: IMeasurementsConfig): void {
    const shorter = config.historyLength < this._config.historyLength;
    this._config = config;
    for (const entry of this._entries.values()) {
      entry.client?.setEnabled(config.probeEnabled);
      entry.client?.setProfiling(config.profile);
      if (shorter) {
        this._update(entry, {
          runs: trimRuns(entry.state.runs, config.historyLength)
        });
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
      status: (status: KernelStatus, message: string | null) =>
        this._update(
          entry,
          NO_PROBE.has(status)
            ? { status, message, facts: null, profiling: null }
            : { status, message }
        ),
      facts: (facts: ProbeFacts) => this._update(entry, { facts }),
      profiling: profiling => this._update(entry, { profiling }),
      running: running => this._update(entry, { running }),
      run: (cellId: string, record: IRunRecord) => {
        const limit = this._config.historyLength;
        this._update(entry, {
          runs: addRun(entry.state.runs, cellId, record, limit)
        });
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
    if (this._entries.get(entry.id) === entry) {
      this._changed.emit(entry.id);
    }
  }

  private async _load(path: string): Promise<RunsByCell> {
    try {
      const value = await this._store?.fetch(RUNS_KEY_PREFIX + path);
      return readStoredRuns(value, this._config.historyLength);
    } catch {
      return {}; // an unreadable entry is not worth losing the notebook over
    }
  }

  private async _save(entry: IEntry): Promise<void> {
    try {
      await this._store?.save(
        RUNS_KEY_PREFIX + entry.path,
        entry.state.runs as unknown as ReadonlyPartialJSONValue
      );
    } catch (reason) {
      console.warn('Optimiser: could not save the run history', reason);
    }
  }

  private _store: IRunStore | null;
  private _trans: TranslationBundle;
  private _installCode: () => Promise<string>;
  private _config: IMeasurementsConfig;
  private _entries = new Map<string, IEntry>();
  private _changed = new Signal<IMeasurements, string>(this);
}
