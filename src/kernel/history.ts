/**
 * The bounded run history of one notebook: pure functions over plain, read-only data, so each
 * change makes a new snapshot and the panel can compare snapshots by identity.
 */
import type { IRunRecord, RunsByCell } from '../contracts/facts';
import { isRunRecord } from '../contracts/facts';
import { keptRuns } from '../advice/measure';

/**
 * Cells remembered per notebook. Deleted cells' ids never come back, so without a bound the stored
 * history of a long-lived notebook would only grow; the least recently run cells go first.
 */
export const MAX_CELLS = 500;

/**
 * Appends a run, keeping at most `limit` runs for the cell and `MAX_CELLS` cells, and returns a new
 * object. The cell moves to the end, so key order is least recently run first. Only the latest run
 * keeps its line profile (up to 64 KB): the panel, the markers and the diagnosis read no other, and
 * the saved history would otherwise grow to `limit` profiles per cell.
 */
export function addRun(
  runs: RunsByCell,
  cellId: string,
  record: IRunRecord,
  limit: number
): RunsByCell {
  const previous = runs[cellId] ?? [];
  const kept = previous.slice(Math.max(0, previous.length - limit + 1));
  const next: Record<string, readonly IRunRecord[]> = { ...runs };
  delete next[cellId];
  next[cellId] = [...kept.map(withoutProfile), record];
  const ids = Object.keys(next);
  for (const id of ids.slice(0, Math.max(0, ids.length - MAX_CELLS))) {
    delete next[id];
  }
  return next;
}

/** Trims every cell's history to `limit` runs (after the setting changed). */
export function trimRuns(runs: RunsByCell, limit: number): RunsByCell {
  const trimmed: Record<string, readonly IRunRecord[]> = {};
  for (const [cellId, list] of Object.entries(runs)) {
    trimmed[cellId] = keptRuns(list, limit);
  }
  return trimmed;
}

/**
 * Merges runs that arrived while the stored history was loading after the stored ones, so a page
 * reload loses nothing and keeps the order oldest first.
 */
export function mergeRuns(
  stored: RunsByCell,
  fresh: RunsByCell,
  limit: number
): RunsByCell {
  let merged = stored;
  for (const [cellId, list] of Object.entries(fresh)) {
    for (const record of list) {
      merged = addRun(merged, cellId, record, limit);
    }
  }
  return merged;
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
        const kept = valid.slice(-limit);
        runs[cellId] = [
          ...kept.slice(0, -1).map(withoutProfile),
          kept[kept.length - 1]
        ];
      }
    }
  }
  return runs;
}

function withoutProfile(record: IRunRecord): IRunRecord {
  if (record.profile === undefined) {
    return record;
  }
  const copy = { ...record };
  delete copy.profile;
  return copy;
}
