import { adviceFor, findRule, machine, rulesFor, steady } from './helpers';

const SERIES =
  'n = 8_000_000\ntotal = 0.0\nfor k in range(1, n + 1):\n    total += math.sin(k) / k ** 1.5\ntotal';
const STEPPING =
  'def simulate(steps, dt):\n    x, v = 1.0, 0.0\n    for _ in range(steps):\n        a = -x - 0.1 * v\n' +
  '        v += a * dt\n        x += v * dt\n    return x\n\nresult = simulate(15_000_000, 1e-4)';

describe('numpy-vectorise', () => {
  it('fires for an element-wise numeric loop, citing time, cores, count and line', () => {
    const advice = findRule(SERIES, 'numpy-vectorise', { runs: steady(3.2) });
    // Runs without a line profile: the bottleneck is read from the CPU time and the code, so
    // no more than medium (a profiled run gives high: src/advice/__tests__/diagnosed.spec.ts).
    expect(advice?.confidence).toBe('medium');
    expect(advice?.why).toContain('line 3');
    expect(advice?.why).toContain('8,000,000 times');
    expect(advice?.why).toContain('3.2 s');
    expect(advice?.why).toContain('1.0 of 2 cores busy');
    expect(advice?.evidence).toContainEqual({
      kind: 'code',
      text: 'for range(1, n + 1), 8,000,000 items',
      line: 3
    });
    expect(advice?.target).toEqual({
      kind: 'loop',
      cellId: 'cell',
      functionName: null,
      line: 3,
      endLine: 4
    });
  });

  it.each([
    [
      'list arithmetic',
      'xs = [i * 0.5 for i in range(10_000)]\nys = [a * 2 for a in xs]'
    ],
    ['element indexing', 'for i in range(len(a)):\n    c[i] = a[i] * b[i] + 1'],
    [
      'random numbers drawn one per element (quantecon-ecdf-count-under-if)',
      'from random import uniform\nsamples = [uniform(0, 1) for i in range(10_000_000)]'
    ],
    [
      'a NumPy ufunc on one element at a time (QuantEcon lecture: field corpus)',
      'import numpy as np\nz = np.random.uniform(0, 10, 4_000_000)\nn = len(z)\ny = np.empty(n)\n' +
        'for i in range(n):\n    y[i] = np.sin(z[i])'
    ],
    ['a pandas row loop', 'df["z"] = df.apply(lambda r: r.x * 2, axis=1)']
  ])('fires for %s', (_, source) => {
    expect(rulesFor(source, { runs: steady(2) })[0]).toBe('numpy-vectorise');
  });

  it.each([
    ['a loop-carried value', STEPPING],
    ['string work', 'for w in words:\n    out.append(w.upper() + "!")'],
    ['an external program', 'for c in cases:\n    subprocess.run(["prog", c])'],
    [
      'code already compiled',
      '@njit\ndef f(xs):\n    t = 0.0\n    for x in xs:\n        t += x * x\n    return t\n\nf(data)'
    ],
    ['a few items', 'for x in [1, 2, 3]:\n    y = x * 2'],
    ['no loop at all', 'y = np.sqrt(x) * 2']
  ])('stays silent for %s', (_, source) => {
    expect(rulesFor(source, { runs: steady(2) })).not.toContain(
      'numpy-vectorise'
    );
  });

  // Issue 12, defect 3: loops with a standard NumPy form are not "no array expression".
  it.each([
    [
      'a sum under an if (a mask)',
      'for x in xs:\n    if x > 0:\n        total += x * 2'
    ],
    [
      'element-wise if/else (np.where)',
      'for i in range(n):\n    if a[i] > 0:\n        b[i] = a[i] * 2\n    else:\n        b[i] = -a[i]'
    ],
    [
      'a running maximum',
      'for i in range(n):\n    err = max(err, abs(a[i] - b[i]))'
    ],
    ['a running sum', 'for n in range(1, len(a)):\n    b[n] = b[n-1] + a[n]']
  ])('fires for %s', (_, source) => {
    expect(rulesFor(source, { runs: steady(2) })[0]).toBe('numpy-vectorise');
  });

  it('points at a loop in a function defined in another cell', () => {
    const before = {
      defs: 'def kernel(a, b):\n    out = []\n    for i in range(len(a)):\n        out.append(a[i] * b[i])\n    return out'
    };
    const advice = findRule('c = kernel(xs, ys)', 'numpy-vectorise', {
      before,
      runs: steady(2)
    });
    expect(advice?.why).toContain('`kernel` (defined in cell 1, line 3 there)');
    expect(advice?.target).toEqual({
      kind: 'function',
      cellId: 'defs',
      functionName: 'kernel',
      line: 1,
      endLine: 5
    });
  });

  it('is medium confidence without measurements', () => {
    expect(
      findRule(SERIES, 'numpy-vectorise', { machine: null })?.confidence
    ).toBe('medium');
    expect(
      findRule(SERIES, 'numpy-vectorise', { machine: null })?.why
    ).toContain('has not been timed yet');
  });
});

describe('numba-jit', () => {
  it('fires for a loop whose iterations depend on each other, naming the function', () => {
    const advice = findRule(STEPPING, 'numba-jit', { runs: steady(2.6) });
    expect(advice?.title).toBe('Compile `simulate` with Numba');
    // Runs without a line profile: the bottleneck is read from the CPU time and the code, so
    // no more than medium (a profiled run gives high: src/advice/__tests__/diagnosed.spec.ts).
    expect(advice?.confidence).toBe('medium');
    expect(advice?.why).toContain('`simulate` (line 3)');
    expect(advice?.why).toContain('15,000,000 times');
    expect(advice?.why).toContain('`x` and `v` from the one before');
    expect(advice?.target).toEqual({
      kind: 'function',
      cellId: 'cell',
      functionName: 'simulate',
      line: 1,
      endLine: 7
    });
  });

  it.each([
    ['a while loop', 'while err > 1e-9:\n    err = err * 0.5'],
    [
      'an early exit per element',
      'for x in xs:\n    if x > limit:\n        break\n    total += x * 2'
    ],
    [
      'a recursive numeric function',
      'def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n\nfib(32)'
    ],
    ['a recurrence', 'for i in range(2, n):\n    f[i] = f[i - 1] + f[i - 2]']
  ])('fires for %s', (_, source) => {
    expect(rulesFor(source, { runs: steady(2) })).toContain('numba-jit');
  });

  it.each([
    ['a loop that maps to arrays', SERIES],
    [
      'dict work in the loop',
      'for w in ws:\n    if w:\n        counts[w] = counts.get(w, 0) + 1'
    ],
    [
      'an already compiled function',
      '@numba.njit\ndef f(n):\n    x = 0.0\n    for i in range(n):\n        x = x * 0.5 + i\n    return x\n\nf(10)'
    ]
  ])('stays silent for %s', (_, source) => {
    expect(rulesFor(source, { runs: steady(2) })).not.toContain('numba-jit');
  });

  it('follows a call into another cell and cites the definition', () => {
    const advice = adviceFor('trajectory = simulate(15_000_000, 1e-4)', {
      before: { 'time-def': STEPPING.split('\n\n')[0] },
      runs: steady(2.6),
      machine: machine()
    });
    expect(advice[0].rule).toBe('numba-jit');
    expect(advice[0].why).toContain('defined in cell 1, line 3 there');
    expect(advice[0].target?.cellId).toBe('time-def');
  });
});
