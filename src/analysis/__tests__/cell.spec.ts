import { analyseCell } from '../cell';

describe('analyseCell: definitions, calls and names', () => {
  it('reads functions with decorators, parameters, recursion and returns', () => {
    const source =
      '@numba.njit(cache=True)\ndef fib(n, memo=None, *args, **kw):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)';
    const [fn] = analyseCell(source).functions;
    expect(fn).toMatchObject({
      name: 'fib',
      params: ['n', 'memo', 'args', 'kw'],
      line: 1,
      endLine: 5,
      decorators: ['numba.njit(cache=True)'],
      recursive: true,
      returns: true,
      nested: false,
      arithmetic: true,
      branches: true
    });
    expect(fn.source).toBe(source);
  });

  it('marks nested definitions and attaches each function its loops', () => {
    const analysis = analyseCell(
      'def outer(xs):\n    def inner(y):\n        return y\n    for x in xs:\n        inner(x)'
    );
    expect(
      analysis.functions.map(f => [f.name, f.nested, f.loops.length])
    ).toEqual([
      ['outer', false, 1],
      ['inner', true, 0]
    ]);
  });

  it('marks methods and the ones that change their object', () => {
    // pyperf-scimark-montecarlo-own-rng: a generator keeping its state on the object.
    const analysis = analyseCell(
      'class Random:\n    def __init__(self, seed):\n        self.m = [seed] * 17\n' +
        '    def next(self):\n        k = self.m[self.i] - 1\n        self.m[self.i] = k\n        return k\n' +
        '    @property\n    def top(self):\n        return self.m[0]\n' +
        '    def bump(self):\n        self.count += 1\n' +
        '    def peek(self, other):\n        other.seen = True\n        x = self.m\n        return x[0]\n\n' +
        'def free(obj):\n    obj.x = 1'
    );
    expect(
      analysis.functions.map(f => [f.name, f.method, f.updatesState])
    ).toEqual([
      ['__init__', true, true],
      ['next', true, true],
      ['top', true, false],
      ['bump', true, true],
      ['peek', true, false],
      ['free', false, false]
    ]);
  });

  it('reads calls with arguments and assigned names', () => {
    const { calls } = analyseCell('x, y = simulate(10, dt=0.1)\nprint(x)');
    expect(calls).toEqual([
      {
        name: 'simulate',
        line: 1,
        args: ['10', 'dt=0.1'],
        assignedTo: ['x', 'y']
      },
      { name: 'print', line: 2, args: ['x'], assignedTo: [] }
    ]);
  });

  it('reads imports with their aliases', () => {
    const { imports } = analyseCell(
      'import numpy as np, os\nimport numpy.linalg as la\nfrom numba import njit as jit, prange\nfrom . import local'
    );
    expect(imports).toEqual([
      { module: 'numpy', alias: 'np', line: 1 },
      { module: 'os', alias: 'os', line: 1 },
      { module: 'numpy', alias: 'la', line: 2 },
      { module: 'numba', alias: 'jit', line: 3 },
      { module: 'numba', alias: 'prange', line: 3 },
      { module: '.', alias: 'local', line: 4 }
    ]);
  });

  it('lists names assigned at the top level and names needed from elsewhere', () => {
    const analysis = analyseCell(
      'import math\ndef f(a):\n    b = a + c\n    return b\nd = [e for e in data]\ntotal = f(d) + math.pi + len(d)'
    );
    expect(analysis.assigned).toEqual(['f', 'd', 'total']);
    expect(analysis.freeNames).toEqual(['c', 'data']);
  });

  it.each([
    ['x = 1\nx', 'x'],
    ['x = 1\nx  # shown', 'x'],
    ['x = 1', null],
    ['for i in r:\n    i', null],
    ['report["count"]\n!ls', 'report["count"]']
  ])('gives the displayed expression of %j', (source, expected) => {
    expect(analyseCell(source).lastExpression).toBe(expected);
  });

  it('counts top-level statements and lines', () => {
    const analysis = analyseCell(
      'import os\n\n# comment\nx = 1\nif x:\n    y = 2\n'
    );
    expect(analysis.statements).toBe(3);
    expect(analysis.lineCount).toBe(7);
  });
});

describe('analyseCell: libraries, data and programs', () => {
  it.each([
    ['import numpy as np', { numpy: true }],
    ['np.zeros(3)', { numpy: true }],
    ['import pandas as pd', { pandas: true }],
    ['import dask.array as da', { dask: true }],
    ['from dask.distributed import Client', { dask: true }],
    ['from numba import njit', { numba: true }],
    ['@njit\ndef f(x):\n    return x', { numba: true }],
    ['import cupy as cp', { gpu: true }],
    ['from numba import cuda', { gpu: true, numba: true }],
    [
      'from pathos.multiprocessing import ProcessPool',
      { multiprocessing: true, parallel: false }
    ],
    [
      'import dask\nrs = [calc_mean(i, n) for i in range(100)]',
      { dask: true, parallel: false }
    ],
    [
      'from multiprocessing import Pool\nwith Pool(4) as pool:\n    rs = pool.map(f, xs)',
      { multiprocessing: true, parallel: true }
    ],
    [
      'import dask.bag as db\ntotal = db.from_sequence(xs).map(f).sum().compute()',
      { dask: true, parallel: true }
    ],
    [
      'from concurrent.futures import ProcessPoolExecutor',
      { multiprocessing: true }
    ],
    [
      'x = 1',
      {
        numpy: false,
        pandas: false,
        dask: false,
        numba: false,
        gpu: false,
        multiprocessing: false,
        parallel: false
      }
    ]
  ])('%s', (source, uses) => {
    expect(analyseCell(source).uses).toMatchObject(uses);
  });

  it.each([
    [
      'n = 100_000_000\nv = np.arange(n, dtype=np.float64)',
      100_000_000,
      800_000_000
    ],
    ['a = np.zeros((3000, 3000), dtype="float32")', 9_000_000, 36_000_000],
    ['a = numpy.ones(10**6, np.int8)', 1_000_000, 1_000_000],
    ['a = np.linspace(0, 1)', 50, 400],
    ['a = np.random.rand(1000, 1000)', 1_000_000, 8_000_000],
    [
      'rng = np.random.default_rng(0)\nm = rng.standard_normal((3000, 3000))',
      9_000_000,
      72_000_000
    ],
    ['a = [0.0] * 1000', 1000, 8000],
    ['a = list(range(6))', 6, 48]
  ])('sizes the allocation in %j', (source, elements, bytes) => {
    const [allocation] = analyseCell(source).allocations;
    expect(allocation).toMatchObject({ elements, bytes });
  });

  it('leaves out allocations whose size the code does not give', () => {
    expect(
      analyseCell('a = np.zeros(n)\nb = random.random()').allocations
    ).toEqual([]);
  });

  it('finds pandas row loops', () => {
    const source =
      'for i, r in df.iterrows():\n    pass\ndf["y"] = df.apply(f, axis=1)\ndf.apply(g)';
    expect(analyseCell(source).rowLoops).toEqual([1, 3]);
  });

  it('finds lines that start external programs', () => {
    const source =
      'import subprocess\nsubprocess.run(["ls"])\nos.system("ls")\n!ls\nget_ipython().system("ls")\nprint(1)';
    expect(analyseCell(source).subprocessLines).toEqual([2, 3, 4, 5]);
  });

  it('gives the lengths of sequences the code builds from literals', () => {
    expect(
      analyseCell(
        'seeds = list(range(6))\ncases = [f"c{n}" for n in range(4)]\nout = []'
      ).lengths
    ).toEqual({
      seeds: 6,
      cases: 4,
      out: 0
    });
  });
});

describe('analyseCell: what it cannot read', () => {
  it('reads floats with a trailing dot, which the parser rejects, as valid Python', () => {
    const analysis = analyseCell(
      'def kernel(z, lim=1000., n=300):\n    while abs(z) < lim:\n        z = z * z + 1.\n    return z\n\n' +
        'def grid(n):\n    return [kernel(i) for i in range(n)]\n\ngrid(10)'
    );
    expect(analysis.unread).toEqual([]);
    expect(analysis.functions.map(f => [f.name, f.line, f.endLine])).toEqual([
      ['kernel', 1, 4],
      ['grid', 6, 7]
    ]);
    expect(analysis.functions[0].params).toEqual(['z', 'lim', 'n']);
  });

  it('reads the loop after an unclosed bracket and blames the bracket', () => {
    const analysis = analyseCell(
      'x = foo(1, 2\nfor i in range(10):\n    total += i * 2\ny = 3'
    );
    expect(analysis.unread).toEqual([
      { line: 1, reason: 'syntax', text: 'x = foo(1, 2' }
    ]);
    expect(analysis.loops.map(l => [l.kind, l.line])).toEqual([['for', 2]]);
  });

  it('reads a block whose header has no body', () => {
    const analysis = analyseCell('if x:\nfor i in range(10):\n    total += i');
    expect(analysis.unread.map(u => [u.line, u.reason])).toEqual([
      [1, 'syntax']
    ]);
    expect(analysis.loops).toHaveLength(1);
  });

  it('blames a bad line inside a function and keeps the function', () => {
    const analysis = analyseCell(
      'def f(x):\n    y = = 2\n    for i in range(10):\n        x += i\n    return x'
    );
    expect(analysis.unread.map(u => [u.line, u.reason, u.text])).toEqual([
      [2, 'syntax', 'y = = 2']
    ]);
    expect(analysis.functions.map(f => f.name)).toEqual(['f']);
    expect(analysis.loops[0].inFunction).toBe('f');
  });

  it('reports magics, shell escapes and syntax errors together in line order', () => {
    const analysis = analyseCell(
      '%load_ext autoreload\nx = = 1\n!ls\nfor i in range(3):\n    y = i'
    );
    expect(analysis.unread.map(u => [u.line, u.reason])).toEqual([
      [1, 'magic'],
      [2, 'syntax'],
      [3, 'shell']
    ]);
    expect(analysis.loops).toHaveLength(1);
  });

  it('gives an empty reading of an empty cell', () => {
    expect(analyseCell('')).toMatchObject({
      loops: [],
      functions: [],
      statements: 0,
      lineCount: 1,
      unread: []
    });
  });
});
