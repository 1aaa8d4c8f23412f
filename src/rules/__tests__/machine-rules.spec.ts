import { findRule, machine, rulesFor, steady } from './helpers';

const VECTORISED =
  'rng = np.random.default_rng(0)\nmatrix = rng.standard_normal((3000, 3000))\neigenvalues = np.linalg.eigvalsh(matrix @ matrix.T)';
const GPU = [{ name: 'NVIDIA H100', memory_bytes: 80e9 }];
const KERNEL =
  'import numba\n\n@numba.njit(parallel=True)\ndef kernel(n):\n    total = 0.0\n    for i in numba.prange(n):\n' +
  '        total += (i % 7) * 0.5\n    return total\n\nresult = kernel(10**9)';

describe('gpu-library', () => {
  it('fires for NumPy code already using the cores when a GPU is present', () => {
    const advice = findRule(VECTORISED, 'gpu-library', {
      runs: steady(2.8, 1.86),
      machine: machine({ gpus: GPU })
    });
    expect(advice?.title).toBe('Run the array code on the GPU with CuPy');
    expect(advice?.confidence).toBe('high');
    expect(advice?.why).toContain(
      'NumPy calls (`np.random.default_rng` and `np.linalg.eigvalsh`) that already keep the cores busy'
    );
    expect(advice?.why).toContain('1.9 of 2 cores busy');
    expect(advice?.why).toContain('NVIDIA H100');
  });

  it('suggests cuDF for pandas code', () => {
    const source =
      'import pandas as pd\ndf = pd.read_parquet("big.parquet")\nout = df.groupby("k").sum()';
    expect(
      findRule(source, 'gpu-library', {
        runs: steady(5, 2),
        machine: machine({ gpus: GPU })
      })?.title
    ).toContain('cuDF');
  });

  it.each([
    ['no GPU', VECTORISED, machine()],
    [
      'a Python loop still to vectorise',
      'for i in range(n):\n    c[i] = np.sqrt(a[i]) * 2',
      machine({ gpus: GPU })
    ],
    [
      'GPU code already',
      'import cupy as cp\nx = cp.linalg.eigvalsh(m)',
      machine({ gpus: GPU })
    ],
    ['no array library', 'x = sum(values)', machine({ gpus: GPU })]
  ])('stays silent with %s', (_, source, facts) => {
    expect(
      rulesFor(source, { runs: steady(3, 1.9), machine: facts })
    ).not.toContain('gpu-library');
  });

  it('is medium confidence when the cores are not busy yet', () => {
    const advice = findRule(VECTORISED, 'gpu-library', {
      runs: steady(3, 1),
      machine: machine({ gpus: GPU })
    });
    expect(advice?.confidence).toBe('medium');
  });
});

describe('numba-cuda', () => {
  it('fires for a Numba-compiled kernel when a GPU is present', () => {
    const advice = findRule(KERNEL, 'numba-cuda', {
      runs: steady(4, 2),
      machine: machine({ gpus: GPU })
    });
    expect(advice?.title).toBe('Compile `kernel` for the GPU with Numba CUDA');
    expect(advice?.why).toContain(
      '`kernel` (line 3) is already compiled with Numba'
    );
    expect(advice?.target).toEqual({
      kind: 'function',
      cellId: 'cell',
      functionName: 'kernel',
      line: 3,
      endLine: 8
    });
  });

  it.each([
    ['no GPU', KERNEL, machine()],
    [
      'no compiled function',
      'total = sum(i * 0.5 for i in range(10**7))',
      machine({ gpus: GPU })
    ],
    [
      'a CUDA kernel already',
      'from numba import cuda\n\n@cuda.jit\ndef k(a):\n    a[0] = 1\n\nk[1, 1](x)',
      machine({ gpus: GPU })
    ]
  ])('stays silent with %s', (_, source, facts) => {
    expect(
      rulesFor(source, { runs: steady(4, 2), machine: facts })
    ).not.toContain('numba-cuda');
  });
});

describe('multi-node', () => {
  it('fires when a scheduler is present and the node is full', () => {
    const advice = findRule(VECTORISED, 'multi-node', {
      runs: steady(40, 15.8),
      machine: machine({ cores: 16, scheduler: 'slurm' })
    });
    expect(advice?.why).toContain(
      'This node is full: the cell took 40 s with 15.8 of 16 cores busy.'
    );
    expect(advice?.why).toContain('A slurm scheduler is available');
  });

  it.each([
    ['no scheduler', machine({ cores: 16 }), 15.8],
    [
      'cores to spare on this node',
      machine({ cores: 16, scheduler: 'slurm' }),
      4
    ]
  ])('stays silent with %s', (_, facts, busy) => {
    expect(
      rulesFor(VECTORISED, { runs: steady(40, busy), machine: facts })
    ).not.toContain('multi-node');
  });

  it('needs measurements: the code alone cannot show a full node', () => {
    expect(
      rulesFor(VECTORISED, { machine: machine({ scheduler: 'pbs' }) })
    ).not.toContain('multi-node');
  });
});

describe('compiled-extension', () => {
  it('fires when the code is compiled, parallel, and there is no GPU or scheduler', () => {
    const advice = findRule(KERNEL, 'compiled-extension', {
      runs: steady(4, 2)
    });
    expect(advice?.title).toBe('Rewrite `kernel` as a compiled extension');
    expect(advice?.confidence).toBe('low');
    expect(advice?.why).toContain('Cython, C++ or Fortran');
  });

  it.each([
    ['a GPU still to use', machine({ gpus: GPU })],
    ['more nodes to use', machine({ scheduler: 'slurm' })]
  ])('stays silent with %s', (_, facts) => {
    expect(
      rulesFor(KERNEL, { runs: steady(4, 2), machine: facts })
    ).not.toContain('compiled-extension');
  });

  it('stays silent for NumPy code that already uses the cores (nothing of the user’s to compile)', () => {
    expect(rulesFor(VECTORISED, { runs: steady(2.8, 1.86) })).toEqual([]);
  });

  it('is the only advice once every other rung is done', () => {
    expect(rulesFor(KERNEL, { runs: steady(4, 2) })).toEqual([
      'compiled-extension'
    ]);
  });
});
