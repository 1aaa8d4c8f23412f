import { findRule, rulesFor, run, steady } from './helpers';

const PIPELINE =
  'def load(n):\n    return [{"id": i} for i in range(n)]\n\ndef clean(rows):\n    return [r for r in rows if r["id"] % 2]\n\n' +
  'def enrich(rows):\n    for r in rows:\n        r["s"] = r["id"] * 2\n    return rows\n\n' +
  'rows = load(900_000)\nrows = clean(rows)\nrows = enrich(rows)\nlen(rows)';

describe('profile-first', () => {
  it('fires for a cell running several of its own functions in turn', () => {
    const advice = findRule(PIPELINE, 'profile-first', { runs: steady(2.3) });
    // Runs without a line profile: the bottleneck is read from the CPU time and the code, so
    // no more than medium (a profiled run gives high: src/advice/__tests__/diagnosed.spec.ts).
    expect(advice?.confidence).toBe('medium');
    expect(advice?.why).toContain(
      '3 functions of its own in turn, `load`, `clean` and `enrich` (lines 12, 13 and 14)'
    );
    expect(advice?.evidence).toContainEqual({
      kind: 'code',
      text: 'calls enrich',
      line: 14
    });
  });

  it('counts functions defined in other cells', () => {
    const before = { defs: PIPELINE.split('\n\nrows = ')[0] };
    expect(
      rulesFor('rows = enrich(clean(load(10)))\nlen(rows)', {
        before,
        runs: steady(2)
      })[0]
    ).toBe('profile-first');
  });

  it.each([
    ['one function', 'def f(n):\n    return sum(range(n))\n\nf(10**8)'],
    [
      'library calls only',
      'a = np.load("a.npy")\nb = np.fft.fft(a)\nc = np.abs(b)\nd = c.sum()'
    ]
  ])('stays silent for %s', (_, source) => {
    expect(rulesFor(source, { runs: steady(2) })).not.toContain(
      'profile-first'
    );
  });

  it('fires for two functions in a long cell', () => {
    const filler = Array.from({ length: 10 }, (_, i) => `x${i} = ${i}`).join(
      '\n'
    );
    const source = `def a():\n    pass\n\ndef b():\n    pass\n\n${filler}\na()\nb()`;
    expect(rulesFor(source, { runs: steady(2) })).toContain('profile-first');
  });
});

describe('consistent-timing', () => {
  it('fires for runs varying by more than 20%, with the figures', () => {
    const advice = findRule('x = compute()', 'consistent-timing', {
      runs: [run(2.1), run(3.4), run(2.8)]
    });
    expect(advice?.why).toContain(
      'The last 3 runs took between 2.1 s and 3.4 s, varying by 24% (standard deviation over the mean of 2.8 s).'
    );
    expect(advice?.confidence).toBe('high');
  });

  it.each([
    ['steady runs', steady(3)],
    ['a single run', [run(3)]],
    ['9% variation', [run(2.0), run(2.2), run(2.4)]]
  ])('stays silent for %s', (_, runs) => {
    expect(rulesFor('x = compute()', { runs })).not.toContain(
      'consistent-timing'
    );
  });

  it('is medium confidence from only two runs', () => {
    expect(
      findRule('x = compute()', 'consistent-timing', { runs: [run(2), run(3)] })
        ?.confidence
    ).toBe('medium');
  });

  it('comes before the step it would be compared with', () => {
    const source =
      'total = 0.0\nfor k in range(1, 10**7):\n    total += k ** 0.5';
    expect(rulesFor(source, { runs: [run(2.1), run(3.4), run(2.8)] })).toEqual([
      'consistent-timing',
      'numpy-vectorise'
    ]);
  });
});
