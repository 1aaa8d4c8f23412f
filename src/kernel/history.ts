import type { IRunRecord } from '../facts';
import { isRunRecord } from '../facts';

/** Runs per cell id, oldest first. */
export type RunsByCell = Readonly<Record<string, readonly IRunRecord[]>>;

/** Appends a run, keeping at most `limit` per cell; returns a new object (snapshots stay valid). */
export function addRun(runs: RunsByCell, cellId: string, record: IRunRecord, limit: number): RunsByCell {
  const previous = runs[cellId] ?? [];
  const kept = previous.length >= limit ? previous.slice(previous.length - limit + 1) : previous;
  return { ...runs, [cellId]: [...kept, record] };
}

/** Trims every cell's history to `limit` runs (after the setting changed). */
export function trimRuns(runs: RunsByCell, limit: number): RunsByCell {
  const trimmed: Record<string, readonly IRunRecord[]> = {};
  for (const [cellId, list] of Object.entries(runs)) {
    trimmed[cellId] = list.length > limit ? list.slice(list.length - limit) : list;
  }
  return trimmed;
}

/** Reads what the state database gave back, dropping anything malformed (older formats, edits). */
export function readStoredRuns(value: unknown, limit: number): RunsByCell {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {};
  }
  const runs: Record<string, readonly IRunRecord[]> = {};
  for (const [cellId, list] of Object.entries(value)) {
    if (Array.isArray(list)) {
      const valid = list.filter(isRunRecord);
      if (valid.length) {
        runs[cellId] = valid.slice(-limit);
      }
    }
  }
  return runs;
}
