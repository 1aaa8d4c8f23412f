/**
 * What the kernel-probe plugin measures and the panel reads: the kernel's state and the runs
 * and facts of each open notebook. Types only; the token that provides them is in app/tokens.ts.
 */
import type { ISignal } from '@lumino/signaling';

import type { IFacts, IProbeProfiling, RunsByCell } from './facts';

/** Where a notebook's kernel stands, as the panel shows it. */
export type KernelStatus =
  | 'no-kernel' //     no kernel, or not started yet
  | 'installing' //    probe install request sent
  | 'probed' //        Python kernel with the probe: full measurements
  | 'timings-only' //  non-Python kernel, or probe switched off: wall times from kernel messages
  | 'restarting'
  | 'dead'
  | 'error'; //        the probe reported a fault or could not be installed (see message)

/** What has been measured for one notebook. Read-only snapshots: a change makes a new object. */
export interface INotebookMeasurements {
  readonly status: KernelStatus;
  /** A plain-words note for the panel (why timings-only, the probe fault), or null. */
  readonly message: string | null;
  /** Runs per cell id, oldest first, bounded by the historyLength setting. */
  readonly runs: RunsByCell;
  /** Machine, libraries and variables from the probe; null until it reports (or never, timings-only). */
  readonly facts: Omit<IFacts, 'runs'> | null;
  /** The line profile's settings from the probe's hello (its start delay); absent until then. */
  readonly profiling?: IProbeProfiling | null;
  /** The cell executing now and when it started (ms since epoch), for the live timer. */
  readonly running: { readonly cellId: string; readonly since: number } | null;
}

/** Measurements of every open notebook, kept by the kernel-probe plugin. */
export interface IMeasurements {
  /** Fires with the notebook panel id whose measurements changed. */
  readonly changed: ISignal<IMeasurements, string>;
  /** The measurements of a notebook panel (by its widget id), or null if it has none yet. */
  get(notebookId: string): INotebookMeasurements | null;
  /** Asks the probe for fresh machine facts and variable sizes (queued behind a running cell). */
  refreshFacts(notebookId: string): Promise<void>;
}
