import { findRule, machine, rulesFor, run, steady } from './helpers';

const WORD_STATS =
  'def word_stats(seed):\n    rng = random.Random(seed)\n    counts = {}\n    for w in make_words(rng):\n' +
  '        counts[w] = counts.get(w, 0) + 1\n    return max(counts.values())\n\n\n' +
  'seeds = list(range(6))\nresults = []\nfor seed in seeds:\n    results.append(word_stats(seed))';
const EXTERNAL =
  'cases = [f"case_{n}" for n in range(4)]\noutputs = []\nfor case in cases:\n' +
  '    done = subprocess.run(["prog", case], capture_output=True, text=True)\n    outputs.append(done.stdout)';
const BIG =
  'n = 100_000_000\nvalues = np.arange(n, dtype=np.float64)\nsignal = np.sqrt(values) * np.sin(values / 1e6)';

describe('pathos-pool', () => {
  it('fires for independent items of seconds each, with the time per item', () => {
    const advice = findRule(WORD_STATS, 'pathos-pool', { runs: steady(3.2) });
    // Runs without a line profile: the bottleneck is read from the CPU time and the code, so
    // no more than medium (a profiled run gives high: src/advice/__tests__/diagnosed.spec.ts).
    expect(advice?.confidence).toBe('medium');
    expect(advice?.why).toContain(
      'The loop on line 11 calls `word_stats` for each of 6 items'
    );
    expect(advice?.why).toContain('about 0.53 s (3.2 s over 6 items)');
    expect(advice?.why).toContain('1.0 of 2 cores busy');
    expect(advice?.why).toContain('2 workers');
    expect(advice?.target).toEqual({
      kind: 'loop',
      cellId: 'cell',
      functionName: null,
      line: 11,
      endLine: 12
    });
  });

  it('names the pool library from the settings', () => {
    const advice = findRule(WORD_STATS, 'pathos-pool', {
      runs: steady(3.2),
      config: { poolLibrary: 'joblib' }
    });
    expect(advice?.title).toBe(
      'Run the independent items in parallel with joblib'
    );
  });

  it('counts items from the probe when the code does not say', () => {
    const source = 'for seed in seeds:\n    results.append(word_stats(seed))';
    const before = { defs: WORD_STATS.split('\n\n\n')[0] };
    const advice = findRule(source, 'pathos-pool', {
      before,
      runs: steady(4),
      variables: { seeds: { type: 'list', len: 8 } }
    });
    expect(advice?.why).toContain('each of 8 items');
    expect(advice?.evidence).toContainEqual({
      kind: 'code',
      text: 'for seeds, 8 items (probe)',
      line: 1
    });
  });

  it.each([
    ['one usable core', { runs: steady(3.2), machine: machine({ cores: 1 }) }],
    ['all cores already busy', { runs: steady(3.2, 2) }],
    [
      'tiny items (pool overhead, under a millisecond each)',
      { runs: steady(0.003), config: { thresholdSeconds: 0.001 } }
    ],
    ['items of minutes (GNU Parallel)', { runs: steady(6 * 90) }]
  ])('stays silent with %s', (_, scenario) => {
    expect(rulesFor(WORD_STATS, scenario)).not.toContain('pathos-pool');
  });

  it.each([
    [
      'iterations that depend on each other',
      'state = 0\nfor s in seeds:\n    state = step(state, s)\n\ndef step(a, b):\n    for i in range(b):\n        a += i\n    return a'
    ],
    [
      'a pool already',
      'from pathos.pools import ProcessPool\nresults = ProcessPool(2).map(word_stats, seeds)'
    ],
    ['an external program per item', EXTERNAL]
  ])('stays silent for %s', (_, source) => {
    expect(rulesFor(source, { runs: steady(3.2) })).not.toContain(
      'pathos-pool'
    );
  });

  it('is low confidence for items of a few hundredths of a second', () => {
    const advice = findRule(WORD_STATS, 'pathos-pool', {
      runs: steady(0.3),
      config: { thresholdSeconds: 0.1 }
    });
    expect(advice?.confidence).toBe('low');
  });

  it('is medium confidence when the item count is unknown', () => {
    const source =
      'for path in glob.glob("*.txt"):\n    results.append(open(path).read().split())';
    expect(
      findRule(source, 'pathos-pool', { runs: steady(5) })?.confidence
    ).toBe('medium');
  });
});

describe('gnu-parallel', () => {
  it('fires for an external program per item, citing the child processes', () => {
    const advice = findRule(EXTERNAL, 'gnu-parallel', {
      runs: steady(4.9, 0, 4.8)
    });
    expect(advice?.confidence).toBe('high');
    expect(advice?.why).toContain(
      'The loop on line 3 starts an external program for each of 4 items (line 4)'
    );
    expect(advice?.why).toContain(
      'most of it in the programs it started (4.8 s CPU)'
    );
    expect(advice?.evidence).toContainEqual({
      kind: 'code',
      text: 'starts an external program',
      line: 4
    });
  });

  it('fires for Python items of a minute or more', () => {
    const advice = findRule(WORD_STATS, 'gnu-parallel', {
      runs: steady(6 * 90)
    });
    expect(advice?.why).toContain('about 90 s (9.0 min over 6 items)');
  });

  it('fires for shell escapes in a loop', () => {
    expect(
      rulesFor('for f in files:\n    !gzip {f}', { runs: steady(20, 0, 19) })
    ).toEqual(['gnu-parallel']);
  });

  it.each([
    ['items of seconds', WORD_STATS, steady(3.2)],
    ['one external program', 'subprocess.run(["make"])', steady(10, 0, 9)],
    ['a busy machine', EXTERNAL, steady(5, 0, 9.8)]
  ])('stays silent for %s', (_, source, runs) => {
    expect(rulesFor(source, { runs })).not.toContain('gnu-parallel');
  });
});

describe('dask-partition', () => {
  it('fires for data larger than available memory, even on all cores', () => {
    const advice = findRule('m = x @ y', 'dask-partition', {
      runs: steady(30, 2),
      machine: machine({ memory_available_bytes: 4e9 }),
      variables: { x: { type: 'ndarray', nbytes: 6e9 } }
    });
    expect(advice?.why).toContain(
      '`x` (ndarray, 6.0 GB), more than the 4.0 GB of memory available'
    );
    expect(advice?.confidence).toBe('high');
  });

  it('lists the other large variables the probe measured', () => {
    const advice = findRule(BIG, 'dask-partition', {
      runs: steady(6.1),
      machine: machine({ memory_available_bytes: 4e8 }),
      variables: {
        values: { type: 'ndarray', nbytes: 8e8 },
        signal: { type: 'ndarray', nbytes: 8e8 }
      }
    });
    expect(advice?.evidence).toContainEqual({
      kind: 'measured',
      text: 'variable `signal` (ndarray, 800 MB)'
    });
  });

  it.each([
    ['small data', 'a = np.zeros(1000)\nb = a * 2', steady(2)],
    // Data that fit: NumPy already does the work (issue 12: native, no card).
    ['large data that fit in memory, one core busy', BIG, steady(6.1)],
    ['all cores busy', BIG, steady(6, 1.9)],
    [
      'Dask already',
      'import dask.array as da\nx = da.zeros(10**9)\nx.sum().compute()',
      steady(5)
    ]
  ])('stays silent for %s', (_, source, runs) => {
    expect(rulesFor(source, { runs })).not.toContain('dask-partition');
  });

  it('stays silent from the code alone when the code shows no heavy work: run it to measure', () => {
    expect(rulesFor(BIG, { machine: null })).toEqual([]);
  });

  it.each([
    ['MemoryError: Unable to allocate 7.45 GiB'],
    ['numpy.core._exceptions._ArrayMemoryError: Unable to allocate 30 GiB']
  ])('fires, sure, when the latest run failed with %s', error => {
    const failed = { ...run(0.5), ok: false, error };
    const advice = findRule(BIG, 'dask-partition', {
      runs: [...steady(6.1), failed]
    });
    expect(advice?.confidence).toBe('high');
    expect(advice?.why).toContain(`ran out of memory (${error})`);
  });

  it('fires when a run peaked near the memory available', () => {
    const advice = findRule('m = x @ y', 'dask-partition', {
      runs: [{ ...run(4), peak_rss_delta_bytes: 5.5e9 }]
    });
    expect(advice?.confidence).toBe('medium');
    expect(advice?.why).toContain('peaked near');
  });
});
