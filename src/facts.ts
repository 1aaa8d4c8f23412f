/**
 * The facts format, version 1: what the kernel probe measured, in the shape the front end keeps and
 * the CLI reads with `--facts`. The core (analysis, advice, templates) meets the kernel only here.
 *
 * Validation against `facts.schema.json` is added by the kernel-probe work (issue 3).
 */

/** One execution of one cell, as the probe recorded it. */
export interface IRunRecord {
  wall_s: number;
  /** CPU time of the kernel process itself. */
  cpu_s: number;
  /** CPU time of child processes and pool workers started during the execution. */
  children_cpu_s: number;
  peak_rss_delta_bytes: number;
  /** Top-level modules first imported by this execution. */
  imported: string[];
  ok: boolean;
  /** `"<exception name>: <message>"` when not ok. */
  error?: string;
}

export interface IGpuFacts {
  name: string;
  memory_bytes: number | null;
}

export interface IMachineFacts {
  /** Usable cores (CPU affinity), not the machine's total. */
  cores: number;
  memory_bytes: number | null;
  memory_available_bytes: number | null;
  gpus: IGpuFacts[];
  /** 'slurm' | 'pbs' | 'lsf' | 'sge', or null when no batch scheduler is seen. */
  scheduler: string | null;
}

/** A user variable whose size is cheap to read. */
export interface IVariableFacts {
  type: string;
  nbytes?: number;
  shape?: number[];
  dtype?: string;
  len?: number;
}

export interface IFacts {
  version: 1;
  kernel: { language: string; version: string };
  machine: IMachineFacts;
  /** Installed versions; null = not installed. */
  libraries: Record<string, string | null>;
  variables: Record<string, IVariableFacts>;
  /** Runs keyed by JupyterLab cell id (or the cell index as a string, for cells without ids). */
  runs: Record<string, IRunRecord[]>;
}
