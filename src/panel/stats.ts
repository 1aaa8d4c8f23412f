import type { IRunRecord } from '../contracts/facts';
import type { IRunStats } from './types';

/**
 * Mean, spread, coefficient of variation, cores busy, memory and imports of a cell's kept runs.
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
  const count = walls.length;
  const meanS = walls.reduce((sum, wall) => sum + wall, 0) / count;
  const variance =
    count > 1
      ? walls.reduce((sum, wall) => sum + (wall - meanS) ** 2, 0) / (count - 1)
      : 0;
  const stdS = Math.sqrt(variance);
  const last = runs[count - 1];
  const imported = new Set<string>();
  for (const run of runs) {
    run.imported.forEach(name => imported.add(name));
  }
  return {
    count,
    lastS: last.wall_s,
    meanS,
    minS: Math.min(...walls),
    maxS: Math.max(...walls),
    stdS,
    cv: count > 1 && meanS > 0 ? stdS / meanS : null,
    coresBusy: cpuMeasured ? coresBusy(last) : null,
    peakRssDeltaBytes: cpuMeasured ? last.peak_rss_delta_bytes : null,
    imported: [...imported].sort(),
    lastError: last.ok ? null : (last.error ?? null)
  };
}

/** How many cores a run kept busy on average: (own + children's CPU time) / wall time. */
export function coresBusy(run: IRunRecord): number | null {
  if (!(run.wall_s > 0)) {
    return null;
  }
  return (run.cpu_s + run.children_cpu_s) / run.wall_s;
}

/** The runs to chart and count: the last `limit`, oldest first. */
export function keptRuns(
  runs: readonly IRunRecord[] | undefined,
  limit: number
): IRunRecord[] {
  if (!runs || runs.length === 0) {
    return [];
  }
  return runs.slice(Math.max(0, runs.length - Math.max(1, limit)));
}
