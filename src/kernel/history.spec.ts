import type { IRunRecord } from '../contracts/facts';
import type { RunsByCell } from '../contracts/facts';
import {
  addRun,
  MAX_CELLS,
  mergeRuns,
  readStoredRuns,
  trimRuns
} from './history';

function rec(wall: number): IRunRecord {
  return {
    wall_s: wall,
    cpu_s: wall,
    children_cpu_s: 0,
    peak_rss_delta_bytes: 0,
    imported: [],
    ok: true
  };
}

function profiled(wall: number): IRunRecord {
  return {
    ...rec(wall),
    profile: {
      interval_s: 0.01,
      start_delay_s: 0.1,
      samples: 100 * wall,
      lines: [
        { cell_id: 'a', line: 2, python_s: wall, native_s: 0, waiting_s: 0 }
      ],
      elsewhere: { python_s: 0, native_s: 0, waiting_s: 0 }
    }
  };
}

const walls = (runs: RunsByCell, cellId: string) =>
  runs[cellId]?.map(r => r.wall_s);

describe('run history', () => {
  it('keeps the line profile of the latest run only', () => {
    let runs: RunsByCell = {};
    for (const wall of [1, 2, 3]) {
      runs = addRun(runs, 'a', profiled(wall), 3);
    }
    runs = addRun(runs, 'b', profiled(4), 3);
    expect(runs['a']?.map(r => r.profile?.samples ?? null)).toEqual([
      null,
      null,
      300
    ]);
    expect(runs['b']?.[0].profile?.samples).toBe(400);
  });

  it('keeps the newest runs per cell, oldest first, without touching the input', () => {
    const one = addRun({}, 'a', rec(1), 2);
    const two = addRun(one, 'a', rec(2), 2);
    const three = addRun(two, 'a', rec(3), 2);
    expect(walls(three, 'a')).toEqual([2, 3]);
    expect(walls(one, 'a')).toEqual([1]);
  });

  it('forgets the least recently run cells beyond MAX_CELLS', () => {
    let runs: RunsByCell = {};
    for (let i = 0; i <= MAX_CELLS; i++) {
      runs = addRun(runs, `cell-${i}`, rec(i), 20);
      if (i === 1) {
        runs = addRun(runs, 'cell-0', rec(0.5), 20); // cell 0 ran again: now recent
      }
    }
    expect(Object.keys(runs)).toHaveLength(MAX_CELLS);
    expect(runs['cell-1']).toBeUndefined();
    expect(walls(runs, 'cell-0')).toEqual([0, 0.5]);
  });

  it('trims to a shorter limit', () => {
    const runs = { a: [rec(1), rec(2), rec(3)], b: [rec(4)] };
    expect(trimRuns(runs, 2)).toEqual({ a: [rec(2), rec(3)], b: [rec(4)] });
  });

  it('puts runs that arrived while loading after the stored ones', () => {
    const stored = { a: [rec(1), rec(2)] };
    const fresh = { a: [rec(3)], b: [rec(4)] };
    const merged = mergeRuns(stored, fresh, 2);
    expect(walls(merged, 'a')).toEqual([2, 3]);
    expect(walls(merged, 'b')).toEqual([4]);
  });

  it.each([
    ['nothing stored', undefined, {}],
    ['a list', [rec(1)], {}],
    ['a string', 'runs', {}],
    [
      'malformed records',
      { a: [rec(1), { wall_s: 'x' }], b: 'no' },
      { a: [rec(1)] }
    ],
    [
      'more than the limit',
      { a: [rec(1), rec(2), rec(3)] },
      { a: [rec(2), rec(3)] }
    ],
    [
      'a profile on every run',
      { a: [profiled(1), profiled(2)] },
      { a: [rec(1), profiled(2)] }
    ]
  ])('reads back %s', (_, stored, expected) => {
    expect(readStoredRuns(stored, 2)).toEqual(expected);
  });
});
