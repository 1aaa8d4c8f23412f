import { run } from '../../panel/__tests__/fixtures';
import { coresBusy, keptRuns, runStats, runVariation } from '../measure';

describe('runStats', () => {
  it('is null without runs', () => {
    expect(runStats([])).toBeNull();
  });

  it('gives mean, spread and coefficient of variation', () => {
    const stats = runStats([run(10), run(12), run(14)])!;
    expect(stats.count).toBe(3);
    expect(stats.lastS).toBe(14);
    expect(stats.meanS).toBeCloseTo(12);
    expect(stats.minS).toBe(10);
    expect(stats.maxS).toBe(14);
    expect(stats.cv).toBeCloseTo(2 / 12); // sample standard deviation over mean
  });

  it('has no coefficient of variation for a single run', () => {
    const stats = runStats([run(3)])!;
    expect(stats.cv).toBeNull();
  });

  it('reads cores busy, memory, imports and the error from the runs', () => {
    const stats = runStats([
      run(2, { imported: ['numpy', 'math'] }),
      run(4, {
        cpu_s: 1,
        children_cpu_s: 7,
        peak_rss_delta_bytes: 5e8,
        imported: ['pandas'],
        ok: false,
        error: 'MemoryError: out'
      })
    ])!;
    expect(stats.coresBusy).toBeCloseTo(2);
    expect(stats.peakRssDeltaBytes).toBe(5e8);
    expect(stats.imported).toEqual(['math', 'numpy', 'pandas']);
    expect(stats.lastError).toBe('MemoryError: out');
  });

  it('says nothing about CPU or memory when only wall times were measured', () => {
    const stats = runStats([run(2)], false)!;
    expect(stats.coresBusy).toBeNull();
    expect(stats.peakRssDeltaBytes).toBeNull();
  });
});

describe('runVariation', () => {
  it.each([
    [[1, 1, 1.3], 0.1732 / 1.1],
    [[10, 12, 14], 2 / 12],
    [[2, 2], 0]
  ])(
    '%#: is the sample standard deviation over the mean of %j',
    (walls, cv) => {
      expect(runVariation(walls)).toBeCloseTo(cv, 3);
    }
  );

  it.each([[[]], [[3]], [[0, 0]]])('%#: is unknown for %j', walls => {
    expect(runVariation(walls)).toBeNull();
  });

  it('is taken over the successful runs only', () => {
    const stats = runStats([run(1), run(9, { ok: false }), run(1)])!;
    expect([stats.count, stats.okCount, stats.cv]).toEqual([3, 2, 0]);
  });
});

describe('coresBusy', () => {
  it.each([
    [run(10, { cpu_s: 10 }), 1],
    [run(10, { cpu_s: 1, children_cpu_s: 19 }), 2],
    [run(10, { cpu_s: 0.1 }), 0.01]
  ])('%#: is (cpu + children) / wall', (record, expected) => {
    expect(coresBusy(record)).toBeCloseTo(expected);
  });

  it('is unknown for a zero-length run and for timings without the probe', () => {
    expect(coresBusy(run(0))).toBeNull();
    expect(coresBusy(run(10, { cpu_s: 10, timing_only: true }))).toBeNull();
  });
});

describe('keptRuns', () => {
  it.each([
    [undefined, 3, []],
    [[1, 2, 3, 4, 5], 3, [3, 4, 5]],
    [[1, 2], 3, [1, 2]],
    [[1, 2], 0, [2]]
  ])('%#: keeps the newest runs', (walls, limit, expected) => {
    const runs = walls?.map(wall => run(wall));
    expect(keptRuns(runs, limit).map(record => record.wall_s)).toEqual(
      expected
    );
  });
});
