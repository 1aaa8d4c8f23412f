/**
 * What a cell's recorded runs say: how long it takes, how steady that is, and how many cores it
 * keeps busy. The one owner of these definitions: the rules, the panel's run history and its
 * checklist all read them from here, so a card and the checklist cannot disagree.
 * Failed runs are left out of the timing: an exception part-way says little about the full run.
 */
import type { IRunRecord } from '../contracts/facts';

/** Runs that vary by more than this (coefficient of variation) are not comparable. */
export const CONSISTENT_VARIATION = 0.2;

/** Successful runs needed before their variation says anything. */
export const MIN_RUNS_TO_COMPARE = 2;

/** A summary of a cell's successful runs. */
export interface IMeasurement {
  /** Wall time of the latest successful run: the cell as it stands now. */
  seconds: number;
  /** Number of successful runs. */
  runs: number;
  minSeconds: number;
  maxSeconds: number;
  medianSeconds: number;
  meanSeconds: number;
  /** How much the runs vary: `runVariation` of their wall times; null with a single run. */
  variation: number | null;
  /** (cpu + children's cpu) / wall of the latest run: how many cores it kept busy. */
  coresBusy: number | null;
  /** CPU seconds of the kernel process and of its children in the latest run. */
  kernelCpu: number;
  childrenCpu: number;
}

/** Runs that finished without an exception and have a usable wall time. */
export function successfulRuns(runs: readonly IRunRecord[]): IRunRecord[] {
  return runs.filter(
    run => run.ok && Number.isFinite(run.wall_s) && run.wall_s >= 0
  );
}

/**
 * Run-to-run variation: the coefficient of variation, sample standard deviation over mean (what
 * the consistent-timing template prints as `cv`); null for fewer than two times or a zero mean.
 */
export function runVariation(walls: readonly number[]): number | null {
  if (walls.length < MIN_RUNS_TO_COMPARE) {
    return null;
  }
  const mean = walls.reduce((sum, wall) => sum + wall, 0) / walls.length;
  if (!(mean > 0)) {
    return null;
  }
  const variance =
    walls.reduce((sum, wall) => sum + (wall - mean) ** 2, 0) /
    (walls.length - 1);
  return Math.sqrt(variance) / mean;
}

/**
 * How many cores a run kept busy on average: (own + children's CPU time) / wall time. Unknown
 * for a zero-length run and for timings from JupyterLab alone (no probe, so no CPU time).
 */
export function coresBusy(run: IRunRecord): number | null {
  if (!(run.wall_s > 0) || run.timing_only) {
    return null;
  }
  return (finite(run.cpu_s) + finite(run.children_cpu_s)) / run.wall_s;
}

/** The runs kept for a cell: the last `limit`, oldest first (the historyLength setting). */
export function keptRuns(
  runs: readonly IRunRecord[] | undefined,
  limit: number
): readonly IRunRecord[] {
  if (!runs || runs.length === 0) {
    return [];
  }
  const keep = Math.max(1, limit);
  return runs.length > keep ? runs.slice(runs.length - keep) : runs;
}

/** Summarises the successful runs, or returns null when none succeeded. */
export function measureRuns(runs: readonly IRunRecord[]): IMeasurement | null {
  const ok = successfulRuns(runs);
  if (ok.length === 0) {
    return null;
  }
  const latest = ok[ok.length - 1];
  const times = ok.map(run => run.wall_s);
  const walls = [...times].sort((a, b) => a - b);
  const middle = walls.length >> 1;
  const median =
    walls.length % 2 === 1
      ? walls[middle]
      : (walls[middle - 1] + walls[middle]) / 2;
  return {
    seconds: latest.wall_s,
    runs: ok.length,
    minSeconds: walls[0],
    maxSeconds: walls[walls.length - 1],
    medianSeconds: median,
    meanSeconds: times.reduce((sum, wall) => sum + wall, 0) / times.length,
    variation: runVariation(times),
    coresBusy: coresBusy(latest),
    kernelCpu: finite(latest.cpu_s),
    childrenCpu: finite(latest.children_cpu_s)
  };
}

/** What the panel's run history shows of a cell's kept runs, failed ones included. */
export interface IRunStats {
  count: number;
  lastS: number;
  /** Mean wall time of all kept runs (the line across the history's bars). */
  meanS: number;
  minS: number;
  maxS: number;
  /** `runVariation` of the successful runs: the same number the consistent-timing rule reads. */
  cv: number | null;
  /** Successful runs the variation is taken over. */
  okCount: number;
  /** Cores busy in the last run; null when CPU time was not measured. */
  coresBusy: number | null;
  /** Peak resident-memory growth of the last run, in bytes; null when not measured. */
  peakRssDeltaBytes: number | null;
  /** Modules first imported by any kept run, sorted. */
  imported: readonly string[];
  /** The last run's error, when it failed. */
  lastError: string | null;
}

/**
 * Mean, variation, cores busy, memory and imports of a cell's kept runs.
 *
 * @param runs - the runs, oldest first.
 * @param cpuMeasured - false when the runs hold wall times only (no probe), so cores busy is unknown.
 * @returns null when there are no runs.
 */
export function runStats(
  runs: readonly IRunRecord[],
  cpuMeasured = true
): IRunStats | null {
  if (runs.length === 0) {
    return null;
  }
  const walls = runs.map(run => run.wall_s);
  const last = runs[runs.length - 1];
  const imported = new Set<string>();
  for (const run of runs) {
    run.imported.forEach(name => imported.add(name));
  }
  const ok = successfulRuns(runs);
  return {
    count: runs.length,
    lastS: last.wall_s,
    meanS: walls.reduce((sum, wall) => sum + wall, 0) / runs.length,
    minS: Math.min(...walls),
    maxS: Math.max(...walls),
    cv: runVariation(ok.map(run => run.wall_s)),
    okCount: ok.length,
    coresBusy: cpuMeasured ? coresBusy(last) : null,
    peakRssDeltaBytes: cpuMeasured ? last.peak_rss_delta_bytes : null,
    imported: [...imported].sort(),
    lastError: last.ok ? null : (last.error ?? null)
  };
}

function finite(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}
