/**
 * The engine reads the diagnosis first (issue 12): one table per defect class, on code shapes from
 * the field corpus (tests/corpus/cases) with runs as the probe records them, line profile included.
 */
import { formatMessage } from '../../contracts/messages';
import type { IRunRecord } from '../../contracts/facts';
import { DEFAULT_ADVICE_CONFIG } from '../../contracts/settings';
import type { IPipelineCell } from '../../pipeline';
import { adviseNotebook } from '../../pipeline';
import {
  adviceFor,
  cellAdvice,
  facts,
  machine,
  rulesFor,
  run,
  worded
} from '../../rules/__tests__/helpers';

/** A run of `wall` seconds whose profile puts the time on `line` of cell `cell`. */
function profiled(
  wall: number,
  line: number,
  split: { python?: number; native?: number; waiting?: number },
  more: Partial<IRunRecord> = {},
  cell = 'cell'
): IRunRecord {
  const python = (split.python ?? 0) * wall;
  const native = (split.native ?? 0) * wall;
  const waiting = (split.waiting ?? 0) * wall;
  return {
    ...run(wall, (python + native) / wall),
    ...more,
    profile: {
      interval_s: 0.01,
      start_delay_s: 0.1,
      samples: Math.round(wall * 100),
      lines: [
        {
          cell_id: cell,
          line,
          python_s: python,
          native_s: native,
          waiting_s: waiting
        }
      ],
      elsewhere: { python_s: 0, native_s: 0, waiting_s: 0 }
    }
  };
}

const GPU = [{ name: 'NVIDIA H100', memory_bytes: 80e9 }];

// hpda-lap2d-numpy-slices / numba-ex-juliaset-zoom-frames: a loop whose steps are whole arrays.
const ARRAY_STEPS =
  'import numpy as np\nfor k in range(200):\n    Z = Z * Z + c\n    W = np.exp(-np.abs(Z))';
// ds-pydata-book-usda / hpda-independent-means-list: independent items, NumPy inside.
const ARRAY_ITEMS =
  'import numpy as np\ndef calc_mean(i, n):\n    return np.mean(np.random.normal(size=n))\n\nrs = [calc_mean(i, n) for i in range(100)]';
// io-realpython-download-sequential: a loop that only waits.
const DOWNLOADS =
  'import time\nfor url in sites:\n    page = download_site(url)\n    time.sleep(0.1)';

describe('defect 1: a loop over whole-array NumPy calls is native work', () => {
  it('gets neither Numba nor NumPy when the profile says native', () => {
    const rules = rulesFor(ARRAY_STEPS, {
      runs: [profiled(3, 3, { native: 0.95, python: 0.04 })]
    });
    expect(rules).not.toContain('numba-jit');
    expect(rules).not.toContain('numpy-vectorise');
  });

  it('gets a pool when the profile finds the items in a library call the code hides', () => {
    // mivp-solve-ivp-per-initial-condition: `from scipy.integrate import *` hides solve_ivp.
    const source =
      'from scipy.integrate import *\ndata = []\nfor y0 in y0s:\n    data.append(solve_ivp(fun=fun, y0=y0, t_span=t_span).y)';
    const record = profiled(2.7, 4, { python: 0.03, native: 0.9 });
    const [line] = record.profile!.lines;
    const measured: IRunRecord = {
      ...record,
      profile: {
        ...record.profile!,
        lines: [
          { ...line, calls: [{ name: 'scipy.integrate.solve_ivp', s: 2.4 }] }
        ]
      }
    };
    expect(rulesFor(source, { runs: [measured] })[0]).toBe('pathos-pool');
    expect(rulesFor(source, { runs: [record] })).not.toContain('pathos-pool');
  });

  it('gets a pool when its independent items are native work', () => {
    expect(
      rulesFor(ARRAY_ITEMS, {
        runs: [profiled(2, 3, { native: 0.9, python: 0.05 })]
      })[0]
    ).toBe('pathos-pool');
  });
});

describe('defect 2: a cell that waits gets no CPU technique', () => {
  it.each([
    ['downloads and sleeps', DOWNLOADS, 4],
    [
      'an fsync per line',
      'for row in rows:\n    f.write(row)\n    os.fsync(f)',
      3
    ]
  ])('%s', (_, source, line) => {
    expect(
      rulesFor(source, {
        runs: [profiled(4, line, { waiting: 0.97 }, { cpu_s: 0.1 })]
      })
    ).toEqual([]);
  });

  it('without a profile, CPU a small part of the wall time reads as waiting too', () => {
    expect(rulesFor(DOWNLOADS, { runs: [run(4, 0.03)] })).toEqual([]);
  });
});

describe('defect 4: failed runs are evidence', () => {
  it('a MemoryError is the Dask step, high', () => {
    const result = cellAdvice(
      'values = np.arange(n_points, dtype=np.float64)',
      {
        runs: [
          {
            ...run(0.4),
            ok: false,
            error: 'MemoryError: Unable to allocate 7.45 GiB'
          }
        ]
      }
    );
    expect(result.diagnosis.kind).toBe('memory');
    expect(result.advice.map(a => [a.rule, a.confidence])).toEqual([
      ['dask-partition', 'high']
    ]);
  });

  it.each([
    ["NameError: name 'df' is not defined"],
    ['SyntaxError: invalid syntax'],
    ["AttributeError: module 'numpy' has no attribute 'float'"]
  ])('%s: no advice, fix the error first', error => {
    const result = cellAdvice('for i in range(n):\n    s += a[i] * 2', {
      runs: [run(9), { ...run(0.2), ok: false, error }]
    });
    expect(result.diagnosis.kind).toBe('failed');
    expect(result.advice).toEqual([]);
  });
});

describe('defect 5: a full node and a node with idle cores', () => {
  const POOL =
    'import multiprocessing as mp\nwith mp.Pool(8) as pool:\n    out = pool.map(solve, cases)';

  it('every core busy under Slurm: several nodes', () => {
    expect(
      rulesFor(POOL, {
        runs: [run(480, 0.001, 18240)],
        machine: machine({ cores: 40, scheduler: 'slurm' })
      })[0]
    ).toBe('multi-node');
  });

  it('an import of Dask that the cell never calls is not parallel work', () => {
    // hpda-independent-means-list: `import dask` at the top of a plain comprehension.
    const source =
      'import dask\nimport numpy as np\ndef calc_mean(i, n):\n    return np.mean(np.random.normal(size=n))\n\nrs = [calc_mean(i, n) for i in range(100)]';
    const measured = profiled(2, 4, { python: 0.02, native: 0.9 });
    expect(rulesFor(source, { runs: [measured] })[0]).toBe('pathos-pool');
  });

  it('a pool on 8 of 40 cores: fill this node first, not several nodes', () => {
    const advice = cellAdvice(POOL, {
      runs: [run(120, 0.003, 900)],
      machine: machine({ cores: 40, scheduler: 'slurm' })
    }).advice;
    expect(advice.map(a => a.rule)).toEqual(['pathos-pool']);
    expect(formatMessage(advice[0].title)).toBe(
      'Fill this node first: one worker per core'
    );
  });
});

describe('defect 6: a compiled custom kernel on a GPU machine', () => {
  it('gets Numba CUDA, not CuPy', () => {
    const source =
      '@vectorize(["float64(float64, float64)"])\ndef zero_suppression(x, t):\n    return 0.0 if abs(x) < t else x\n\nfor rep in range(10):\n    out = zero_suppression(a, 8.0)\nb = np.sum(out)';
    expect(
      rulesFor(source, {
        runs: [profiled(3, 6, { native: 0.95 })],
        machine: machine({ gpus: GPU })
      })[0]
    ).toBe('numba-cuda');
  });
});

describe('code already compiled with Numba', () => {
  // numba-tutorial-direct-sum-njit: the functions were compiled in an earlier cell.
  const BEFORE = {
    defs: '@njit\ndef distance(a, b):\n    return ((a.x - b.x)**2 + (a.y - b.y)**2)**.5\n\n@njit\ndef direct_sum(particles):\n    for i, target in enumerate(particles):\n        for j, source in enumerate(particles):\n            if i != j:\n                target.phi += source.m / distance(target, source)\n    return particles'
  };
  const CALL = 'direct_sum(parts)';

  it('one core busy without a profile reads as compiled code, and no pool takes its loop apart', () => {
    const advice = cellAdvice(CALL, { before: BEFORE, runs: [run(3.3, 0.95)] });
    expect(advice.diagnosis.kind).toBe('native');
    expect(advice.advice.map(a => a.rule)).not.toContain('pathos-pool');
  });

  it('on a GPU machine: Numba CUDA', () => {
    const rules = rulesFor(CALL, {
      before: BEFORE,
      runs: [run(3.3, 0.95)],
      machine: machine({ gpus: GPU })
    });
    expect(rules[0]).toBe('numba-cuda');
  });
});

describe('defect 7: the time per item decides first', () => {
  it('items of a minute or more with inner loops: GNU Parallel before Numba', () => {
    const source =
      'def load(f):\n    return np.loadtxt(f)\n\nfor f in files:\n    data = load(f)\n    total = 0.0\n    for i in range(len(data)):\n        total += data[i] * 2.0\n    results.append(total)';
    const rules = rulesFor(source, {
      runs: [run(11520, 1)],
      variables: { files: { type: 'list', len: 96 } }
    });
    expect(rules[0]).toBe('gnu-parallel');
  });
});

describe('defect 8: slow cells with a plain next step get a card', () => {
  it.each([
    [
      'items in a function called once (sysu-gzip-each-input-file)',
      'import subprocess\ndef main(argv):\n    for filename in glob.glob("*.in"):\n        subprocess.run(["gzip", "-9", filename])\n\nmain(sys.argv)',
      profiled(13, 4, { waiting: 0.99 }, { cpu_s: 0.2, children_cpu_s: 3 }),
      'gnu-parallel'
    ],
    [
      'an escape-time kernel called per pixel (csc-mandel-kernel-per-pixel)',
      'def kernel(zr, zi, cr, ci, lim, cutoff):\n    count = 0\n    while ((zr*zr + zi*zi) < (lim*lim)) and count < cutoff:\n        zr, zi = zr * zr - zi * zi + cr, 2 * zr * zi + ci\n        count += 1\n    return count\n\nfor i, x in enumerate(grid):\n    for j, y in enumerate(grid):\n        mandel[i, j] = kernel(x, y, cr, ci, 1000.0, 300)',
      profiled(2, 3, { python: 0.9, native: 0.05 }),
      'numba-jit'
    ],
    [
      'the same kernel with a trailing-dot float, which the parser rejects',
      'def kernel(zr, zi, lim=1000., cutoff=300):\n    count = 0\n    while (zr*zr + zi*zi) < lim and count < cutoff:\n        zr, zi = zr * zr - zi * zi, 2 * zr * zi\n        count += 1\n    return count\n\ndef compute(N, bound=1.5):\n    for i in range(N):\n        for j in range(N):\n            out[i, j] = kernel(i / N, j / N)\n\ncompute(480)',
      profiled(2, 4, { python: 0.9, native: 0.05 }),
      'numba-jit'
    ],
    [
      'compare-and-swap passes over a list (hpda-bubble-sort-list)',
      'def bs_python(a_list):\n    N = len(a_list)\n    for i in range(N):\n        for j in range(1, N-i):\n            if a_list[j] < a_list[j-1]:\n                a_list[j-1], a_list[j] = a_list[j], a_list[j-1]\n    return a_list\n\nresult = bs_python(a_list)',
      profiled(1.9, 6, { python: 0.98 }),
      'numba-jit'
    ],
    [
      'a state that depends on the last one through an if (quantecon-markov-chain-series)',
      'def compute_series(n):\n    x = np.empty(n, dtype=np.int_)\n    x[0] = 1\n    U = np.random.uniform(0, 1, size=n)\n    for t in range(1, n):\n        current_x = x[t-1]\n        if current_x == 0:\n            x[t] = U[t] < p\n        else:\n            x[t] = U[t] > q\n    return x\n\nx = compute_series(5_000_000)',
      profiled(3.8, 8, { python: 0.6, native: 0.05 }),
      'numba-jit'
    ],
    [
      'recursion run from a timeit string, seen only by the profile (ichec-recursive-fibonacci)',
      'def fib(n):\n    if n < 2:\n        return n\n    else:\n        return fib(n-1) + fib(n-2)\n\nt1 = timeit.Timer("fib(36)", "from __main__ import fib")\nprint(t1.timeit(1))',
      profiled(2.8, 1, { python: 0.82, native: 0.15 }),
      'numba-jit'
    ],
    [
      'a pandas apply of a Python function (ds-trainindata-titanic-get-title)',
      "def get_title(line):\n    if re.search('Mrs', line):\n        return 'Mrs'\n    return 'Other'\n\ndata['title'] = data['name'].apply(get_title)",
      profiled(1.3, 2, { python: 0.9 }),
      'numpy-vectorise'
    ]
  ])('%s', (_, source, measured, rule) => {
    expect(rulesFor(source, { runs: [measured] })[0]).toBe(rule);
  });
});

describe('profile first when the profile finds no one place', () => {
  /** A run whose interpreter time is on `lines` of the cell, `shares` of it each. */
  function spread(wall: number, lines: number[], shares: number[]): IRunRecord {
    const record = profiled(wall, lines[0], { python: shares[0] });
    return {
      ...record,
      profile: {
        ...record.profile!,
        lines: lines.map((line, i) => ({
          cell_id: 'cell',
          line,
          python_s: shares[i] * wall,
          native_s: 0,
          waiting_s: 0
        }))
      }
    };
  }
  // pyperf-richards-task-scheduler: objects calling small methods of each other.
  const TASKS =
    'class Task:\n    def run(self, packet):\n        return self.fn(packet)\n    def fn(self, packet):\n        packet.count += 1\n        return packet\n\ndef schedule(tasks, packet):\n    for step in range(10000):\n        packet = tasks[step % 3].run(packet)\n\nschedule(tasks, packet)';

  it('time spread over several methods: profile first, medium', () => {
    const [card] = cellAdvice(TASKS, {
      runs: [spread(4.6, [3, 5, 10], [0.3, 0.3, 0.25])]
    }).advice;
    expect([card.rule, card.confidence]).toEqual(['profile-first', 'medium']);
  });

  it('time spread over what each independent item runs: a pool, not a profile', () => {
    // ds-pytudes-correct-tokens-dict: one spelling correction per word, its time in three
    // functions of string and set work.
    const CORRECT =
      "def known(ws):\n    return set(w for w in ws if w in WORDS)\n\ndef edits1(word):\n    return set(word[:i] + c + word[i + 1:] for i in range(len(word)) for c in 'abcdefghijklmnopqrstuvwxyz')\n\n" +
      'def edits2(word):\n    return (e2 for e1 in edits1(word) for e2 in edits1(e1))\n\ndef correct(word):\n    return max(known(edits1(word)) or known(edits2(word)) or [word], key=WORDS.get)\n\n' +
      'fixed = {w: correct(w) for w in tokens}';
    const rules = rulesFor(CORRECT, {
      runs: [spread(2.3, [2, 5, 8], [0.3, 0.3, 0.2])]
    });
    expect(rules[0]).toBe('pathos-pool');
    expect(rules).not.toContain('profile-first');
  });

  it('heaviest lines in small methods holding little of the time: profile first', () => {
    // rougier-boids-vec2-objects: vector arithmetic through dunder methods, called everywhere.
    const VEC =
      'class Vec:\n    def __init__(self, x, y):\n        self.x, self.y = x, y\n    def __add__(self, o):\n        return Vec(self.x + o.x, self.y + o.y)\n    def __sub__(self, o):\n        return Vec(self.x - o.x, self.y - o.y)\n    def length(self):\n        return math.hypot(self.x, self.y)\n\n' +
      'for frame in range(25):\n    for b in boids:\n        for o in boids:\n            d = b.position - o.position\n            if d.length() < 25:\n                b.velocity = b.velocity + d';
    // Three hot lines with 60 % of the run, and 40 % in lines of under 5 % each.
    const record = spread(2.8, [7, 5, 6], [0.3, 0.2, 0.1]);
    const rest = [9, 14, 15, 16, 17, 4, 3, 8, 11, 12].map(line => ({
      cell_id: 'cell',
      line,
      python_s: 0.04 * 2.8,
      native_s: 0,
      waiting_s: 0
    }));
    const runs = [
      {
        ...record,
        profile: {
          ...record.profile!,
          lines: [...record.profile!.lines, ...rest]
        }
      }
    ];
    const [card] = adviceFor(VEC, { runs });
    expect(card.rule).toBe('profile-first');
    expect(card.why).toContain(
      'The heaviest lines, in the small methods `__sub__` and `__add__`'
    );
    // The same lines holding the run: the methods are the place, no profiling card.
    expect(rulesFor(VEC, { runs: [record] })).not.toContain('profile-first');
  });

  it('one method holding most of the time: no profiling card', () => {
    const rules = rulesFor(TASKS, {
      runs: [spread(4.6, [5, 3, 10], [0.6, 0.15, 0.1])]
    });
    expect(rules).not.toContain('profile-first');
  });
});

describe('a profile that has found the slow function', () => {
  // pyperf-nbody-advance-lists / pyperf-scimark-hand-written-fft: several functions called in
  // turn, but the probe's profile already puts the time in one of them.
  const PIPELINE =
    'def load(n):\n    return list(range(n))\n\ndef scale(xs):\n    out = []\n    for x in xs:\n        out.append(x * 2.5 + 1)\n    return out\n\n' +
    'def report(xs):\n    print(len(xs))\n\nxs = load(10**7)\nys = scale(xs)\nreport(ys)';

  it('works on that function instead of asking for a profile', () => {
    const rules = rulesFor(PIPELINE, {
      runs: [profiled(3.2, 7, { python: 0.85 })]
    });
    expect(rules).not.toContain('profile-first');
    expect(rules[0]).toBe('numpy-vectorise');
  });

  it('still asks for one when the run has no profile', () => {
    expect(rulesFor(PIPELINE, { runs: [run(3.2)] })[0]).toBe('profile-first');
  });
});

describe('defect 9: cells that never ran', () => {
  it.each([
    [
      'a loop printing device attributes',
      'for d in devices:\n    print(d.name, d.memory)'
    ],
    [
      'a plotting loop',
      'for i, ax in enumerate(axes.flat):\n    ax.imshow(images[i])\n    ax.set_title(labels[i])'
    ],
    [
      'a training loop updating one model',
      'for epoch in range(n_epochs):\n    loss = model(x)\n    loss.backward()\n    optimizer.step()'
    ],
    [
      'a comprehension over two eigenpairs',
      'pairs = [(w[i], v[:, i] * 2) for i in range(2)]'
    ]
  ])('%s: run it to measure, no card', (_, source) => {
    const result = cellAdvice(source, { machine: null });
    expect(result.diagnosis.kind).toBe('unmeasured');
    expect(result.advice).toEqual([]);
  });

  it.each([
    [
      'nested numeric loops reading elements',
      'for i in range(1, nx):\n    for j in range(1, ny):\n        u[i, j] = un[i, j] - c * (un[i, j] - un[i - 1, j])'
    ],
    [
      'a large known trip count',
      'total = 0.0\nfor i in range(10_000_000):\n    total += i * 0.5'
    ]
  ])('%s: a card, never high', (_, source) => {
    const advice = cellAdvice(source, { machine: null }).advice;
    expect(advice.length).toBeGreaterThan(0);
    expect(advice.every(a => a.confidence !== 'high')).toBe(true);
  });

  it('a training loop is not independent items, even measured', () => {
    expect(
      rulesFor(
        'for epoch in range(n_epochs):\n    loss = train_step(model, batch)\n    optimizer.step()',
        { runs: [profiled(30, 2, { native: 0.9 })] }
      )
    ).not.toContain('pathos-pool');
  });
});

describe('the profile backs the advice', () => {
  it('a profiled interpreter-bound loop gets high confidence; without a profile, medium', () => {
    const source = 'for i in range(n):\n    c[i] = a[i] * b[i] + 1.0';
    const withProfile = cellAdvice(source, {
      runs: [profiled(3.2, 2, { python: 0.97 })]
    });
    expect(withProfile.advice[0].confidence).toBe('high');
    expect(cellAdvice(source, { runs: [run(3.2)] }).advice[0].confidence).toBe(
      'medium'
    );
  });

  it('reads the code only where the time is: a hot comprehension, not the loop around it', () => {
    // numba-ex-kmeans-comprehensions: the outer loop carries the centroids, the hot line does not.
    const source =
      'for l in range(numIter):\n    dist = np.array([[sqrt(np.sum((A[i,:]-centroids[j,:])**2))\n                       for j in range(numCenter)] for i in range(N)])\n    centroids = update(dist, centroids)';
    expect(
      rulesFor(source, { runs: [profiled(3, 2, { python: 0.9 })] })[0]
    ).toBe('numpy-vectorise');
  });
});

describe('cross-cell calls', () => {
  it('reach the definition above the calling cell, not a later one below it', () => {
    const cells: IPipelineCell[] = [
      {
        id: 'above',
        type: 'code',
        source:
          'def simulate(n):\n    x = 0.0\n    for i in range(n):\n        x = x * 0.5 + i\n    return x'
      },
      { id: 'call', type: 'code', source: 'simulate(10_000_000)' },
      { id: 'below', type: 'code', source: 'def simulate(n):\n    return n' }
    ];
    const [, call] = adviseNotebook({
      cells,
      runs: { call: [run(3)] },
      facts: facts(),
      config: DEFAULT_ADVICE_CONFIG
    });
    expect(call.advice[0]?.target?.cellId).toBe('above');
  });
});

describe('a built-in that walks a NumPy array (ds-pdsh-python-sum-big-array)', () => {
  const BIG = {
    big_array: {
      type: 'ndarray',
      nbytes: 240e6,
      shape: [30_000_000],
      dtype: 'float64'
    }
  };
  // The probe reads `sum(big_array)` as compiled code: the built-in holds the GIL in C.
  const runs = [profiled(2.1, 1, { native: 0.8, waiting: 0.2 })];

  it('is the interpreter, and gets NumPy with its own function in the inserted code', () => {
    const result = cellAdvice('sum(big_array)', { runs, variables: BIG });
    expect(result.diagnosis.kind).toBe('interpreter');
    const [card] = result.advice;
    expect(card.rule).toBe('numpy-vectorise');
    expect(formatMessage(card.title)).toBe(
      'Use NumPy on the array: `np.sum(big_array)`'
    );
    const template = card.insert[0]; // the template, then the check
    expect(template?.source).toMatch(/\nnp\.sum\(big_array\)$/);
  });

  it('sorted keeps its list: np.sort(...).tolist()', () => {
    const card = cellAdvice('ordered = sorted(big_array)', {
      runs,
      variables: BIG
    }).advice[0];
    expect(card.insert[0].source).toContain(
      'ordered = np.sort(big_array).tolist()'
    );
  });

  it('not when the name is not an array, or the cell rebinds the built-in', () => {
    const list = { big_array: { type: 'list', len: 30_000_000 } };
    expect(
      cellAdvice('sum(big_array)', { runs, variables: list }).diagnosis.kind
    ).toBe('native');
    const own = cellAdvice('def sum(xs):\n    return 0\n\nsum(big_array)', {
      runs: [profiled(2.1, 4, { native: 0.8, waiting: 0.2 })],
      variables: BIG
    });
    expect(own.diagnosis.kind).toBe('native');
  });
});

describe('a hot method found by the profile (pyperf-scimark-montecarlo-own-rng)', () => {
  // A generator object whose every call changes its state: the count under an if looks like an
  // array sum, but each sample depends on the call before it.
  const GENERATOR =
    'class Lcg:\n    def __init__(self, seed):\n        self.state = seed\n\n    def next(self):\n        self.state = (self.state * 1103515245 + 12345) % 2147483648\n        return self.state / 2147483648\n';
  const COUNT =
    'rnd = Lcg(7)\ninside = 0\nfor i in range(3_000_000):\n    x = rnd.next()\n    y = rnd.next()\n    if x * x + y * y <= 1.0:\n        inside += 1';
  const inMethod = profiled(4, 6, { python: 0.95 }, {}, 'rng');

  it('is compiled, with the method that changes its object as the reason', () => {
    const [card] = adviceFor(COUNT, {
      before: { rng: GENERATOR },
      runs: [inMethod]
    });
    expect(card.rule).toBe('numba-jit');
    expect(card.why).toContain('each call of `next` changes its object');
  });

  it('keeps the array rewrite when the method only reads its object', () => {
    const reader = GENERATOR.replace(
      '        self.state = (self.state * 1103515245 + 12345) % 2147483648\n        return self.state / 2147483648',
      '        return (self.state * 1103515245 + 12345) % 2147483648 / 2147483648'
    );
    const rules = rulesFor(COUNT, {
      before: { rng: reader },
      runs: [profiled(4, 6, { python: 0.95 }, {}, 'rng')]
    });
    expect(rules[0]).not.toBe('numba-jit');
  });
});

describe('a running extreme kept with an if is a reduction', () => {
  // quantecon-grid-max-nested-loops / pando-predator-prey-agents: `if z > m: m = z` is max().
  it.each([
    [
      'greater first',
      'm = -np.inf\nfor x in grid:\n    for y in grid:\n        z = f(x, y)\n        if z > m:\n            m = z'
    ],
    [
      'the extreme first',
      'best = np.inf\nfor p in points:\n    d = (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2\n    if best > d:\n        best = d'
    ]
  ])('%s: NumPy, not Numba', (_, loop) => {
    const source =
      'import numpy as np\ndef f(x, y):\n    return np.cos(x**2 + y**2) / (1 + x**2 + y**2)\n\n' +
      loop;
    expect(
      rulesFor(source, { runs: [profiled(3, 9, { python: 0.9 })] })[0]
    ).toBe('numpy-vectorise');
  });
});

describe('subscripts of an object of the notebook’s own class (pyperf-scimark-sor-array2d)', () => {
  const GRID =
    'class Grid:\n    def __init__(self, n):\n        self.n = n\n        self.data = [0.0] * (n * n)\n\n    def __getitem__(self, xy):\n        x, y = xy\n        return self.data[y * self.n + x]\n\n    def __setitem__(self, xy, value):\n        x, y = xy\n        self.data[y * self.n + x] = value\n';
  const SWEEP =
    'def sweep(G, cycles):\n    for p in range(cycles):\n        for y in range(1, G.n - 1):\n            for x in range(1, G.n - 1):\n                G[x, y] = 0.25 * (G[x, y - 1] + G[x - 1, y] + G[x + 1, y] + G[x, y + 1])\n\nG = Grid(150)\nsweep(G, 80)';

  it('reach the hot __getitem__ the profile found: the sweep is compiled', () => {
    const [card] = adviceFor(SWEEP, {
      before: { grid: GRID },
      runs: [profiled(1.5, 8, { python: 0.9 }, {}, 'grid')]
    });
    expect(card.rule).toBe('numba-jit');
    expect(card.why).toContain('uses `G` from the one before');
  });
});

describe('a loop that breaks once it finds what it looks for', () => {
  // pando-manual-search-count: a linear search per value is `np.isin` / `in`.
  it('is a search, which NumPy does whole', () => {
    const source =
      'def count_found(values, ls):\n    count = 0\n    for v in values:\n        for i in range(0, len(ls)):\n            if ls[i] == v:\n                count += 1\n                break\n    return count\n\ncount_found(range(0, 22000, 2), ls)';
    expect(
      rulesFor(source, { runs: [profiled(2.6, 5, { python: 0.95 })] })[0]
    ).toBe('numpy-vectorise');
  });

  it('is not when the loop around it changes what the next search reads', () => {
    // rougier-dart-sampling-rejection: each candidate is searched against the points accepted.
    const source =
      'def darts(r):\n    points = []\n    while len(points) < 500:\n        x, y = random.random(), random.random()\n        accept = True\n        for p in points:\n            if (p[0] - x) ** 2 + (p[1] - y) ** 2 < r * r:\n                accept = False\n                break\n        if accept:\n            points.append((x, y))\n    return points\n\npoints = darts(0.013)';
    expect(
      rulesFor(source, { runs: [profiled(2.6, 7, { python: 0.95 })] })[0]
    ).toBe('numba-jit');
  });
});

describe('pandas calling a Python function per element, row or group', () => {
  // ds-modern-pandas-groupby-apply-lambda: the probe reads the time in pandas as compiled code,
  // yet pandas runs the lambda, and its own work around it, once per group in the interpreter.
  const BEFORE = {
    frame:
      "def f_apply(df):\n    return df.groupby('name').value2.apply(lambda x: (x - x.mean()) / x.std())\n\n" +
      "def f_sum(df):\n    return df.groupby('name').value2.agg('sum')"
  };

  it('is the interpreter, and gets the column form, naming the line in the other cell', () => {
    const result = cellAdvice('f_apply(df)', {
      before: BEFORE,
      runs: [profiled(1.7, 2, { native: 0.95 }, {}, 'frame')]
    });
    expect(result.diagnosis.kind).toBe('interpreter');
    const [card] = result.advice.map(worded);
    expect(card.rule).toBe('numpy-vectorise');
    expect(card.why).toContain(
      'The pandas code on line 2 of cell 1 runs Python once per'
    );
  });

  it('stays compiled code when pandas is given a name of its own function', () => {
    const result = cellAdvice('f_sum(df)', {
      before: BEFORE,
      runs: [profiled(1.7, 5, { native: 0.95 }, {}, 'frame')]
    });
    expect(result.diagnosis.kind).toBe('native');
    expect(result.advice.map(a => a.rule)).not.toContain('numpy-vectorise');
  });
});

describe('array code without a NumPy call of its own (rougier-gray-scott-slices)', () => {
  // Slice arithmetic on arrays made in another cell; the probe knows they are arrays.
  const SLICES =
    'for i in range(10):\n    Lu = U[0:-2, 1:-1] + U[1:-1, 0:-2] - 4 * U[1:-1, 1:-1] + U[1:-1, 2:] + U[2:, 1:-1]\n    u += Du * Lu - u * v * v';
  const array = (n: number) => ({
    type: 'ndarray',
    nbytes: 8 * n * n,
    shape: [n, n],
    dtype: 'float64'
  });
  const scenario = {
    runs: [profiled(3, 2, { native: 0.9, python: 0.05 })],
    machine: machine({ gpus: GPU })
  };

  it('gets the GPU library on a GPU machine', () => {
    expect(
      rulesFor(SLICES, {
        ...scenario,
        variables: { U: array(514), u: array(512), v: array(512) }
      })[0]
    ).toBe('gpu-library');
  });

  it('not when the names are not arrays', () => {
    expect(
      rulesFor(SLICES, { ...scenario, variables: { U: { type: 'float' } } })
    ).not.toContain('gpu-library');
  });
});

describe('frames that each follow from their index (numba-ex-juliaset-zoom-frames)', () => {
  // The span shrinks by the same factor every frame, so frame k can compute its own.
  const FRAMES =
    'import numpy as np\n\ndef iterate(col, Z, c):\n    for k in range(col):\n        Z = Z * Z + c\n    return np.exp(-np.abs(Z))\n\n' +
    'def juliaset(iters):\n    l = 1.5\n    for zoom in range(iters):\n        x = np.linspace(-l, l, 1000)\n        X, Y = np.meshgrid(x, x)\n        W = iterate(128, X + Y * 1j, -0.745 + 0.113j)\n        print(W.sum())\n        l = l * 0.6\n\njuliaset(8)';
  const runs = [profiled(8, 5, { native: 0.93 })];

  it('are independent items: a pool, saying why the carried span does not matter', () => {
    const [card] = adviceFor(FRAMES, { runs });
    expect(card.rule).toBe('pathos-pool');
    expect(card.evidence.map(item => item.text)).toContain(
      '`l` changes by the same step every item: each item can compute its own from its index'
    );
  });

  it('go to the GPU library first on a GPU machine: the array steps are the work', () => {
    const rules = rulesFor(FRAMES, { runs, machine: machine({ gpus: GPU }) });
    expect(rules[0]).toBe('gpu-library');
    expect(rules).not.toContain('pathos-pool');
  });

  it('are not items when the span depends on what a frame computed', () => {
    const adaptive = FRAMES.replace('l = l * 0.6', 'l = l * W.mean()');
    expect(rulesFor(adaptive, { runs })).not.toContain('pathos-pool');
  });
});
