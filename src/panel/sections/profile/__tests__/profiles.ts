/**
 * Run records with line profiles, in the shape the probe sends (docs/facts.md, the line profile):
 * a 2 s cell whose loop calls a function defined in another cell.
 */
import type { IProfileLine, IRunRecord } from '../../../../contracts/facts';

export const SHOWN = 'cell-loop';
export const OTHER = 'cell-helpers';

/** 2.0 s credited: lines 3 and 4 of the shown cell, line 2 of the helper's cell, the rest. */
export const LINES: IProfileLine[] = [
  {
    cell_id: OTHER,
    line: 2,
    python_s: 1.1,
    native_s: 0.1,
    waiting_s: 0.0,
    calls: [{ name: 'numpy.core.fromnumeric.sum', s: 0.3 }]
  },
  { cell_id: SHOWN, line: 4, python_s: 0.2, native_s: 0.3, waiting_s: 0.1 },
  { cell_id: SHOWN, line: 3, python_s: 0.0, native_s: 0.0, waiting_s: 0.12 },
  // 0.5 % of the run: too little to mark or list
  { cell_id: SHOWN, line: 1, python_s: 0.01, native_s: 0.0, waiting_s: 0.0 }
];

export function profiledRun(
  lines: IProfileLine[] = LINES,
  extra: Partial<IRunRecord> = {}
): IRunRecord {
  return {
    wall_s: 2.02,
    cpu_s: 1.9,
    children_cpu_s: 0,
    peak_rss_delta_bytes: 0,
    imported: [],
    ok: true,
    profile: {
      interval_s: 0.01,
      start_delay_s: 0.1,
      samples: 190,
      lines,
      more_lines: { lines: 2, python_s: 0.05, native_s: 0.0, waiting_s: 0.0 },
      elsewhere: { python_s: 0.02, native_s: 0.0, waiting_s: 0.0 }
    },
    ...extra
  };
}

export function plainRun(wallS: number, extra: Partial<IRunRecord> = {}) {
  return {
    wall_s: wallS,
    cpu_s: wallS,
    children_cpu_s: 0,
    peak_rss_delta_bytes: 0,
    imported: [],
    ok: true,
    ...extra
  };
}
