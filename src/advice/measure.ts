/**
 * What a cell's recorded runs say: how long it takes, how steady that is, and how many cores it
 * keeps busy. Failed runs are left out: an exception part-way says little about the full run.
 */
import type { IRunRecord } from '../contracts/facts';

/** A summary of a cell's successful runs. */
export interface IMeasurement {
  /** Wall time of the latest successful run: the cell as it stands now. */
  seconds: number;
  /** Number of successful runs. */
  runs: number;
  minSeconds: number;
  maxSeconds: number;
  medianSeconds: number;
  /** (max - min) / median over the runs; null with a single run. */
  spread: number | null;
  /** (cpu + children's cpu) / wall of the latest run: how many cores it kept busy. */
  coresBusy: number | null;
  /** CPU seconds of the kernel process and of its children in the latest run. */
  kernelCpu: number;
  childrenCpu: number;
}

/** Summarises the runs, or returns null when none succeeded. */
export function measureRuns(runs: readonly IRunRecord[]): IMeasurement | null {
  const ok = runs.filter(
    run => run.ok && Number.isFinite(run.wall_s) && run.wall_s >= 0
  );
  if (ok.length === 0) {
    return null;
  }
  const latest = ok[ok.length - 1];
  const walls = ok.map(run => run.wall_s).sort((a, b) => a - b);
  const middle = walls.length >> 1;
  const median =
    walls.length % 2 === 1
      ? walls[middle]
      : (walls[middle - 1] + walls[middle]) / 2;
  const min = walls[0];
  const max = walls[walls.length - 1];
  const cpu = finite(latest.cpu_s) + finite(latest.children_cpu_s);
  return {
    seconds: latest.wall_s,
    runs: ok.length,
    minSeconds: min,
    maxSeconds: max,
    medianSeconds: median,
    spread: ok.length > 1 && median > 0 ? (max - min) / median : null,
    // Timings from JupyterLab alone (no probe) carry no CPU time: cores busy is unknown.
    coresBusy:
      latest.wall_s > 0 && !latest.timing_only ? cpu / latest.wall_s : null,
    kernelCpu: finite(latest.cpu_s),
    childrenCpu: finite(latest.children_cpu_s)
  };
}

function finite(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}
