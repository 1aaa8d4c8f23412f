import { analyseCell } from '../cell';
import type { ILoop } from '../types';

/** The only (or the first) loop of a cell. */
function loopOf(source: string, index = 0): ILoop {
  const loops = analyseCell(source).loops;
  expect(loops.length).toBeGreaterThan(index);
  return loops[index];
}

describe('loops: what they iterate over', () => {
  it.each([
    ['for i in range(1000):\n    pass', 'range', 1000, []],
    [
      'n = 8_000_000\nfor k in range(1, n + 1):\n    pass',
      'range',
      8_000_000,
      []
    ],
    ['for k in range(0, 10, 3):\n    pass', 'range', 4, []],
    ['xs = [1, 2, 3]\nfor i in range(len(xs)):\n    pass', 'range', 3, ['xs']],
    ['seeds = list(range(6))\nfor s in seeds:\n    pass', 'name', 6, ['seeds']],
    [
      'for i, x in enumerate(items):\n    pass',
      'enumerate',
      undefined,
      ['items']
    ],
    ['for a, b in zip(xs, ys):\n    pass', 'zip', undefined, ['xs', 'ys']],
    ['for f in glob.glob("*.csv"):\n    pass', 'files', undefined, []],
    ['for f in Path(".").glob("*.csv"):\n    pass', 'files', undefined, []],
    ['for f in os.listdir(d):\n    pass', 'files', undefined, []],
    ['for i, row in df.iterrows():\n    pass', 'rows', undefined, ['df']],
    ['for x in [1, 2, 3]:\n    pass', 'literal', 3, []],
    ['for x in a, b:\n    pass', 'literal', 2, []],
    ['for x in sorted(xs):\n    pass', 'call', undefined, ['xs']],
    ['for x in "abc":\n    pass', 'other', undefined, []]
  ])('%s', (source, kind, count, sequences) => {
    const iterable = loopOf(source).iterable;
    expect(iterable?.kind).toBe(kind);
    expect(iterable?.count).toBe(count);
    expect(iterable?.sequences).toEqual(sequences);
  });

  it('counts items of a parameter fixed by the only call', () => {
    const source =
      'def simulate(steps, dt):\n    for _ in range(steps):\n        pass\n\nsimulate(15_000_000, 1e-4)';
    expect(loopOf(source).iterable?.count).toBe(15_000_000);
  });

  it('does not guess a parameter that two calls set differently', () => {
    const source =
      'def f(n):\n    for _ in range(n):\n        pass\n\nf(10)\nf(20)';
    expect(loopOf(source).iterable?.count).toBeUndefined();
  });

  it('forgets a length once the list is appended to', () => {
    const source = 'out = []\nout.append(1)\nfor x in out:\n    pass';
    expect(loopOf(source).iterable?.count).toBeUndefined();
  });
});

describe('loops: nesting and kinds', () => {
  it('gives depth, lines, target and enclosing function', () => {
    const loops = analyseCell(
      'def f(g):\n    for i in range(3):\n        for j in range(4):\n            g[i][j] = 0\nwhile x:\n    x -= 1'
    ).loops;
    expect(
      loops.map(l => [
        l.kind,
        l.line,
        l.endLine,
        l.depth,
        l.target,
        l.inFunction
      ])
    ).toEqual([
      ['for', 2, 4, 0, 'i', 'f'],
      ['for', 3, 4, 1, 'j', 'f'],
      ['while', 5, 6, 0, null, null]
    ]);
  });

  it('reads each for clause of a comprehension, and generators inside calls', () => {
    const loops = analyseCell(
      'pairs = [(x, y) for x in xs for y in ys if y]\ntotal = sum(v * v for v in values)'
    ).loops;
    expect(
      loops.map(l => [l.kind, l.depth, l.target, l.iterable?.text])
    ).toEqual([
      ['comprehension', 0, 'x', 'xs'],
      ['comprehension', 1, 'y', 'ys'],
      ['comprehension', 0, 'v', 'values']
    ]);
    expect(loops[0].branches).toBe(true);
    expect(loops[2].arithmetic).toBe(true);
  });
});

describe('loops: what the body does', () => {
  it.each([
    ['arithmetic', 'for i in range(n):\n    y = x * 2', { arithmetic: true }],
    [
      'index arithmetic only',
      'for i in range(n):\n    y = xs[i + 1]',
      { arithmetic: false }
    ],
    [
      'math calls',
      'import math as m\nfor x in xs:\n    y = m.sin(x) + abs(x)',
      { mathCalls: ['m.sin', 'abs'] }
    ],
    [
      'random numbers drawn one per call',
      'import random\nimport numpy as np\nfor i in range(n):\n    y[i] = random.gauss(0, 1) + np.random.rand() + random.choice(xs)',
      { mathCalls: ['random.gauss', 'np.random.rand'] }
    ],
    [
      'NumPy element-wise functions, not its other calls',
      'import numpy as np\nfor i in range(n):\n    y[i] = np.sin(z[i]) + np.sum(w)',
      { mathCalls: ['np.sin'] }
    ],
    [
      'element indexing',
      'for i in range(n):\n    c[i] = a[i] * b[i]',
      { elementIndexing: ['c[i]', 'a[i]', 'b[i]'] }
    ],
    [
      'nested indexing',
      'for i in range(n):\n    for j in range(m):\n        t = grid[i][j]',
      { elementIndexing: ['grid[i][j]'] }
    ],
    ['appends', 'for x in xs:\n    out.append(x * 2)', { appends: ['out'] }],
    [
      'branches',
      'for x in xs:\n    if x > 0:\n        break',
      { branches: true }
    ],
    [
      'conditional expression',
      'for x in xs:\n    y = x if x > 0 else -x',
      { branches: true }
    ],
    ['calls', 'for x in xs:\n    y = helper(x)', { calls: ['helper'] }],
    [
      'subprocess',
      'import subprocess as sp\nfor c in cases:\n    sp.run(["prog", c])',
      { subprocess: true }
    ],
    [
      'os.system',
      'for c in cases:\n    os.system("prog " + c)',
      { subprocess: true }
    ],
    ['shell escape', 'for c in cases:\n    !prog {c}', { subprocess: true }],
    [
      'f-strings',
      'for n in ns:\n    s = f"case_{n}"',
      { stringOrDictWork: true }
    ],
    [
      'dict updates',
      'for w in words:\n    counts[w] = counts.get(w, 0) + 1',
      { stringOrDictWork: true }
    ],
    [
      'string keys',
      'for row in rows:\n    t = row["value"] * 2',
      { stringOrDictWork: true }
    ],
    [
      'array calls',
      'import numpy as np\nfor f in files:\n    d = np.load(f)',
      { arrayCalls: ['np.load'] }
    ],
    [
      // ds-pytudes-spelltest-loop: `+` joins the characters of `letters`, not numbers.
      'the characters of a string the function names',
      "def edits1(word):\n    letters = 'abcdefghijklmnopqrstuvwxyz'\n    return [word[:i] + c + word[i:] for i in range(len(word)) for c in letters]",
      { stringOrDictWork: true }
    ],
    [
      'the characters of a top-level string',
      "letters = 'acgt'\ndef grow(seq):\n    return [seq + c for c in letters]",
      { stringOrDictWork: true }
    ],
    [
      'a string literal',
      "for c in 'xyz':\n    s = c + c",
      { stringOrDictWork: true }
    ],
    [
      'a parameter named like a top-level string',
      "letters = 'acgt'\ndef shift(letters):\n    return [c + 1 for c in letters]",
      { stringOrDictWork: false }
    ],
    [
      'a name bound to a string and to numbers',
      "xs = 'abc'\nif numeric:\n    xs = [1, 2]\nfor x in xs:\n    y = x + 1",
      { stringOrDictWork: false }
    ],
    [
      'plain numbers',
      'for x in xs:\n    y = x * 2',
      { stringOrDictWork: false, subprocess: false, branches: false }
    ]
  ])('%s', (_, source, expected) => {
    expect(loopOf(source, analyseCell(source).loops.length - 1)).toMatchObject(
      expected
    );
  });

  it('does not count a nested function as loop work', () => {
    const loop = loopOf(
      'for x in xs:\n    def g():\n        return "a".join(b)\n    y = x * 2'
    );
    expect(loop.stringOrDictWork).toBe(false);
  });
});

describe('loops: dependencies between iterations', () => {
  it.each([
    ['a reduction', 'for x in xs:\n    total += x', ['total'], [], true],
    [
      'a reduction written out',
      'for x in xs:\n    total = total + x',
      ['total'],
      [],
      true
    ],
    [
      'a dict count',
      'for w in ws:\n    counts[w] = counts.get(w, 0) + 1',
      ['counts'],
      [],
      true
    ],
    ['a histogram', 'for b in bins:\n    hist[b] += 1', ['hist'], [], true],
    [
      'a temporary',
      'for x in xs:\n    t = x * 2\n    out.append(t)',
      [],
      [],
      true
    ],
    [
      'time stepping',
      'for _ in range(n):\n    a = -x - v\n    v += a * dt\n    x += v * dt\n    s += x',
      ['s'],
      ['v', 'x'],
      false
    ],
    [
      'a recurrence',
      'for i in range(2, n):\n    f[i] = f[i - 1] + f[i - 2]',
      [],
      ['f'],
      false
    ],
    [
      'in-place element update',
      'for i in range(n):\n    a[i] = a[i] * 2',
      ['a'],
      [],
      true
    ],
    [
      'a running value',
      'for x in xs:\n    if x > best:\n        best = x',
      [],
      ['best'],
      false
    ],
    [
      'fields of the item',
      'for row in rows:\n    row["s"] = row["v"] * 2',
      [],
      [],
      true
    ],
    [
      'a swap of neighbours (bubble sort)',
      'for j in range(1, n):\n    if a[j] < a[j - 1]:\n        a[j - 1], a[j] = a[j], a[j - 1]',
      [],
      ['a'],
      false
    ],
    [
      'a swap of two rows of the item',
      'for i in range(n):\n    a[i], b[i] = b[i], a[i]',
      ['a', 'b'],
      [],
      true
    ],
    [
      'a state updated where the iteration chooses (Metropolis)',
      'for step in range(n):\n    k = randint(0, m)\n    e = S[k] * sum(S[j] for j in nbr[k])\n    if e < 0:\n        S[k] *= -1',
      [],
      ['S'],
      false
    ],
    [
      'counts kept per key',
      'for x in xs:\n    k = key(x)\n    counts[k] = counts[k] + 1',
      ['counts'],
      [],
      true
    ],
    [
      'a scratch array made afresh in every iteration',
      'for x in xs:\n    b = zeros(2)\n    b[:] = x\n    out.append(b[0])',
      [],
      [],
      true
    ],
    [
      'a while loop',
      'while err > tol:\n    err = step(err)',
      [],
      ['err'],
      false
    ]
  ])('%s', (_, source, accumulators, carried, independent) => {
    const loop = loopOf(source);
    expect([...loop.accumulators].sort()).toEqual(accumulators);
    expect([...loop.carried].sort()).toEqual(carried);
    expect(loop.independent).toBe(independent);
  });

  it.each([
    // numba-ex-juliaset-zoom-frames: each frame zooms in by the same factor.
    [
      'a span shrunk by the same factor every frame',
      'for zoom in range(iters):\n    x = linspace(cx - l, cx + l, m)\n    W = iterate(x)\n    l = l * zoomAmount',
      ['l']
    ],
    [
      'a clock stepped by a constant',
      'for k in range(n):\n    out.append(simulate(t))\n    t += dt',
      ['t']
    ],
    [
      'a step that the loop itself changes',
      'for k in range(n):\n    out.append(simulate(t))\n    dt = dt * 0.9\n    t += dt',
      ['dt']
    ],
    [
      'a value built from what the iteration computed',
      'for x in xs:\n    y = f(x, s)\n    s = s + y',
      []
    ],
    [
      'a name set twice',
      'for x in xs:\n    use(l)\n    l = l * 2\n    l = l + 1',
      []
    ]
  ])('%s: what follows from the index', (_, source, inductions) => {
    expect(loopOf(source).inductions).toEqual(inductions);
  });
});
