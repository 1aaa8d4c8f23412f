import type { RunsByCell } from '../../../contracts/facts';
import { cellLabel } from '../../cells';
import type { ICellInfo, ICellTiming } from '../../types';

/** The chart's bars: every measured code cell, in notebook order. */
export function cellTimings(
  cells: readonly ICellInfo[],
  runs: RunsByCell
): ICellTiming[] {
  const timings: ICellTiming[] = [];
  for (const cell of cells) {
    const list = runs[cell.id];
    if (cell.type !== 'code' || !list || list.length === 0) {
      continue;
    }
    const last = list[list.length - 1];
    timings.push({
      id: cell.id,
      index: cell.index,
      label: cellLabel(cell.source),
      lastS: last.wall_s,
      totalS: list.reduce((sum, run) => sum + run.wall_s, 0),
      runs: list.length,
      lastOk: last.ok
    });
  }
  return timings;
}
