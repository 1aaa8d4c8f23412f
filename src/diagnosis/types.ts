/**
 * The diagnosis vocabulary: what limits a cell, and the evidence that says so. The input types are
 * the facts format's own (contracts/facts.ts), narrowed to what the diagnosis reads, so tests and
 * callers hand it plain data.
 */
import type { Confidence } from '../contracts/advice';
import type {
  IMachineFacts,
  IProfileLine,
  IRunProfile,
  IRunRecord
} from '../contracts/facts';

/** What limits a cell, in the field corpus's vocabulary (tests/corpus/README.md). */
export const DIAGNOSIS_KINDS = [
  'interpreter',
  'native',
  'all-cores',
  'waiting',
  'memory',
  'failed',
  'fast',
  'unmeasured'
] as const;

export type DiagnosisKind = (typeof DIAGNOSIS_KINDS)[number];

/** How sure the diagnosis is: never high for a cell that has not run (the advice's scale). */
export type DiagnosisConfidence = Confidence;

/**
 * The line profile of one run as the diagnosis reads it: the facts format's profile
 * (contracts/facts.ts), less what it does not need.
 */
export type IProfile = Pick<
  IRunProfile,
  'interval_s' | 'samples' | 'elsewhere'
> & {
  lines: readonly IProfileLine[];
  more_lines?: IRunProfile['more_lines'];
};

/** One execution, as the probe records it (the facts' run record, less what is not read). */
export type IDiagnosisRun = Pick<
  IRunRecord,
  | 'wall_s'
  | 'cpu_s'
  | 'children_cpu_s'
  | 'peak_rss_delta_bytes'
  | 'ok'
  | 'error'
  | 'timing_only'
> & { profile?: IProfile };

/** The machine the cell ran on (the facts' machine; `cores` is the usable count). */
export type IDiagnosisMachine = Pick<
  IMachineFacts,
  'cores' | 'memory_bytes' | 'memory_available_bytes' | 'scheduler'
> & { gpus: readonly unknown[] };

/**
 * What the code alone shows, read only when the runs cannot say: a cell that never ran, or a run
 * with no profile to tell the interpreter from compiled code.
 */
export interface ICodeShape {
  /** Heavy work the code states by itself (a large known trip count, nested numeric loops). */
  heavy: { reason: 'trip-count' | 'nested-numeric'; line: number } | null;
  /** The cell (or a function it calls) loops in Python over numbers or objects. */
  pythonLoops: boolean;
  /**
   * Lines calling a built-in on a NumPy array (`sum(big_array)`): the profile reads them as
   * compiled code, but the built-in boxes and adds one element at a time, the interpreter's work.
   */
  elementWalks?: readonly number[];
  /**
   * Lines, in this cell or another, where pandas calls a Python function once per element, row or
   * group (`s.map(f)`, `g.apply(lambda x: …)`): the profile reads the time in pandas as compiled
   * code, but each call runs the function, and pandas' work around it, in the interpreter.
   */
  callbacks?: readonly { cell_id: string; line: number }[];
}

/** Everything the diagnosis reads about one cell. */
export interface IDiagnosisInput {
  /** The cell's id: profile lines of this cell are "its own". */
  cellId: string;
  /** Oldest first. */
  runs: readonly IDiagnosisRun[];
  machine: IDiagnosisMachine | null;
  /** Runs shorter than this are fast: nothing to do. */
  thresholdSeconds: number;
  shape: ICodeShape;
}

/** The facts an evidence item can carry; `value` is in the unit the name says. */
export type EvidenceFact =
  | 'wall_s'
  | 'cores_busy'
  | 'cores'
  | 'python_share'
  | 'native_share'
  | 'waiting_share'
  | 'hot_line_share'
  | 'peak_memory_bytes'
  | 'memory_available_bytes'
  | 'error'
  | 'samples'
  | 'threshold_s'
  | 'heavy_code';

/** One number (or error text) the diagnosis rests on, with the line it belongs to when it has one. */
export interface IDiagnosisEvidence {
  fact: EvidenceFact;
  value: number | string;
  /** 1-based line, with the cell holding it (a function may live in another cell). */
  line?: number;
  cell_id?: string;
}

/** A line where the time goes, heaviest first. */
export interface IHotLine extends IProfileLine {
  /** This line's share of the run's time in the diagnosed component (python, native or waiting). */
  share: number;
}

/** What limits the cell, and why the diagnosis thinks so. */
export interface IDiagnosis {
  kind: DiagnosisKind;
  confidence: DiagnosisConfidence;
  evidence: IDiagnosisEvidence[];
  /** Where the diagnosed time goes (interpreter, native or waiting), from the profile; else empty. */
  hotLines: IHotLine[];
  /** Wall time of the run diagnosed, or null when none. */
  seconds: number | null;
  /** (CPU of the kernel + children) / wall of that run, or null when unknown. */
  coresBusy: number | null;
  /** Usable cores, or null when the machine is unknown. */
  cores: number | null;
  /** The error of a failed run ("NameError: name 'x' is not defined"). */
  error: string | null;
  /** True when a line profile backed the diagnosis. */
  profiled: boolean;
}
