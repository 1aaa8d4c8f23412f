/**
 * The facts format, version 1: what the kernel probe measured, in the shape the front end keeps and
 * the CLI reads with `--facts`. The core (analysis, advice, templates) meets the kernel only here.
 *
 * `validateFacts` checks a document against `facts.schema.json`, the one definition of the format.
 */
import { factsSchema } from './facts.schema.compact';
import type { Check } from './schema';
import { schemaCheck } from './schema';

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
  /** Wall time from JupyterLab's execute messages (no probe): CPU and memory are unknown (0). */
  timing_only?: boolean;
  /** Where the time went, line by line; only on runs longer than the probe's start delay. */
  profile?: IRunProfile;
}

/** Seconds of the cell's thread, split three ways (docs/facts.md, "The line profile"). */
export interface IProfileTime {
  /** The interpreter running bytecode. */
  python_s: number;
  /** On a CPU inside one call into compiled code (NumPy, a C extension, a Numba function). */
  native_s: number;
  /** Off the CPU: sleep, I/O, locks, pool workers, the GIL held by another thread. */
  waiting_s: number;
}

/** A library function called from a notebook line, and the seconds spent under it. */
export interface IProfileCall {
  /** "module.qualified.name" of a Python function (C functions have no frame, so no name). */
  name: string;
  s: number;
}

/** One notebook line: the innermost notebook line on the stack when sampled. */
export interface IProfileLine extends IProfileTime {
  /** The cell whose source holds the line (a function defined in another cell counts there). */
  cell_id: string;
  /** 1-based line within that cell. */
  line: number;
  /** Up to 3 heaviest library functions called from the line, heaviest first. */
  calls?: IProfileCall[];
}

/** A run's line profile: lines + more_lines + elsewhere add up to the run's wall time. */
export interface IRunProfile {
  /** Seconds between samples. */
  interval_s: number;
  /** Sampling starts this long after the execution: shorter runs have no profile. */
  start_delay_s: number;
  samples: number;
  /** At most 50 notebook lines, heaviest first. */
  lines: IProfileLine[];
  /** The time of the lines left out of `lines`; absent when none were. */
  more_lines?: IProfileTime & { lines: number };
  /** Time when no notebook line was on the stack (IPython's own work, a suspended await). */
  elsewhere: IProfileTime;
}

/** The probe's line-profile settings, from its hello. */
export interface IProbeProfiling {
  enabled: boolean;
  start_delay_s: number;
  interval_s: number;
}

export interface IGpuFacts {
  name: string;
  memory_bytes: number | null;
}

/** What limited the usable cores: the CPU affinity, a cgroup CPU quota or a batch allocation. */
export type CoresSource = 'affinity' | 'cgroup' | 'slurm' | 'pbs' | 'lsf';

export interface IMachineFacts {
  /** Usable cores: the smallest of the affinity, the cgroup quota and the batch allocation. */
  cores: number;
  /** Which limit gave `cores`; absent in facts from earlier probes. */
  cores_source?: CoresSource;
  /** Every limit found, by source (a cgroup quota may be fractional); absent from earlier probes. */
  cores_limits?: Partial<Record<CoresSource, number>>;
  memory_bytes: number | null;
  memory_available_bytes: number | null;
  gpus: IGpuFacts[];
  /** 'slurm' | 'pbs' | 'lsf' | 'sge', or null when no batch scheduler is seen. */
  scheduler: string | null;
  /** BLAS threads, when threadpoolctl was already loaded in the kernel. */
  blas_threads?: number;
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

/** Runs per cell id, oldest first. */
export type RunsByCell = Readonly<Record<string, readonly IRunRecord[]>>;

/** Thrown for a document that is not facts version 1; the message names the offending field. */
export class FactsError extends Error {}

const checkDocument: Check = schemaCheck(factsSchema);
const checkRun: Check = schemaCheck(factsSchema, '#/$defs/run');

/** Checks a parsed JSON document against facts.schema.json; throws FactsError if it does not fit. */
export function validateFacts(value: unknown): IFacts {
  const error = checkDocument(value);
  if (error) {
    const where = error.instancePath
      ? error.instancePath.slice(1).replace(/\//g, '.')
      : '(top level)';
    throw new FactsError(`not facts version 1: ${where} ${error.message}`);
  }
  return value as IFacts;
}

/** True when a value is one run record of the facts format. */
export function isRunRecord(value: unknown): value is IRunRecord {
  return checkRun(value) === null;
}
