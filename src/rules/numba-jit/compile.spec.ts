/**
 * numba-jit on real code shapes from the field corpus (tests/corpus/cases): what is compiled,
 * with which options and arguments, so that the inserted cells run on the first try (issue 13).
 */
import type { RuleId } from '../../contracts/advice';
import { lines, renderAlone } from '../__tests__/helpers';
import { applyEdits, parse } from '../../analysis/syntax';
import { listReductions } from './compile';

function cells(rule: RuleId, source: string): Record<string, string> {
  const inserted = renderAlone(rule, source);
  const out: Record<string, string> = {};
  for (const cell of inserted) {
    const role = (cell.metadata?.['jupyterlab-optimiser'] as { role: string })
      .role;
    out[role] = cell.source;
  }
  return out;
}

// CFD Python step 1 (barbagroup/CFDPython): a time loop around a stencil, arrays from other cells.
const CONVECTION = lines(
  'un = numpy.ones(nx)',
  '',
  'for n in range(nt):',
  '    un = u.copy()',
  '    for i in range(1, nx):',
  '        u[i] = un[i] - c * dt / dx * (un[i] - un[i-1])'
);

// pando's bubble sort cell: a flag set inside the loop, a list from the line above.
const BUBBLE = lines(
  'random.seed(12)',
  'arr = [random.random() for i in range(n)]',
  '',
  'for i in range(n - 1):',
  '    swapped = False',
  '    for j in range(0, n - i - 1):',
  '        if arr[j] > arr[j + 1]:',
  '            arr[j], arr[j + 1] = arr[j + 1], arr[j]',
  '            swapped = True',
  '    if not swapped:',
  '        break',
  '',
  'is_sorted = all(arr[i] <= arr[i + 1] for i in range(n - 1))'
);

// pando's travelling salesperson: the hot function calls a helper of the same cell.
const SALESPERSON = lines(
  'def distance(point1, point2):',
  '    return math.sqrt((point2[0] - point1[0])**2 + (point2[1] - point1[1])**2)',
  '',
  'def total_distance(points, order):',
  '    total = 0',
  '    for i in range(len(order) - 1):',
  '        total += distance(points[order[i]], points[order[i + 1]])',
  '    return total',
  '',
  'best = total_distance(points, order)'
);

// csc's Mandelbrot: a parameter with a default, so the call passes fewer arguments.
const DEFAULTS = lines(
  'def escape(cr, ci, cutoff=300):',
  '    zr = zi = 0.0',
  '    count = 0',
  '    while zr * zr + zi * zi < 4.0 and count < cutoff:',
  '        zr, zi = zr * zr - zi * zi + cr, 2 * zr * zi + ci',
  '        count += 1',
  '    return count',
  '',
  'n = escape(0.285, 0.01)'
);

// numba-examples' mergesort: a recursive function whose own calls must not be taken for the cell's.
const MERGESORT = lines(
  'def mergesort(arr):',
  '    if arr.size > 2:',
  '        mid = arr.size // 2',
  '        first = mergesort(arr[:mid].copy())',
  '        second = mergesort(arr[mid:].copy())',
  '        arr[:] = np.sort(np.concatenate((first, second)))',
  '    return arr',
  '',
  'res = mergesort(arr.copy())'
);

describe('numba-jit on field-corpus shapes', () => {
  it.each([
    [
      'a stencil in a time loop: inputs bound before it, arrays changed in place, no prange',
      CONVECTION,
      [
        'def un_loop(nt, un, u, nx, c, dt, dx):',
        'un = un_loop(nt, un, u, nx, c, dt, dx)'
      ],
      ['numba.prange(', 'parallel=True)']
    ],
    [
      'a bubble sort: the flag and the inner counter stay inside the function',
      BUBBLE,
      ['def arr_loop(n, arr):', 'arr_loop(n, arr)'],
      ['swapped,', ', j']
    ],
    [
      'a helper the hot function calls is compiled too, before it',
      SALESPERSON,
      [
        '@numba.njit(cache=True)\ndef distance(',
        'def total_distance(points, order):'
      ],
      []
    ],
    [
      'a parameter left to its default: compiled on the first call, not with a short signature',
      DEFAULTS,
      ['# The first call compiles'],
      ['escape.compile(']
    ]
  ])('%s', (_, source, present, absent) => {
    const template = cells('numba-jit', source).template;
    present.forEach(text => expect(template).toContain(text));
    absent.forEach(text => expect(template).not.toContain(text));
  });

  it.each([CONVECTION, BUBBLE, SALESPERSON, DEFAULTS, MERGESORT])(
    'never turns fastmath on by default (%#)',
    source => {
      const template = cells('numba-jit', source).template;
      expect(template).not.toMatch(/@numba\.njit\([^)]*fastmath/);
      expect(template).toContain('# Option: fastmath=True');
    }
  );

  it('compares what the cell itself gets from a recursive function', () => {
    const verify = cells('numba-jit', MERGESORT).verify;
    expect(verify).toContain('outputs=["res"],');
  });

  it('compares what the cell keeps when the hot function is called by another of its functions', () => {
    // numba-examples' Harris corner detector: harris() calls the stencil xsten().
    const source = lines(
      'def xsten(a):',
      '    ret = np.zeros_like(a)',
      '    for i in range(1, a.shape[0] - 1):',
      '        for j in range(1, a.shape[1] - 1):',
      '            ret[i, j] = (a[i - 1, j] - a[i + 1, j]) / 2.0',
      '    return ret',
      '',
      'def harris(Iin):',
      '    Ix = xsten(Iin)',
      '    return Ix * Ix',
      '',
      'output_arr = harris(input_arr)'
    );
    expect(cells('numba-jit', source).verify).toContain(
      'outputs=["output_arr"],'
    );
  });

  it('the run part keeps no plain-Python copy of a compiled helper', () => {
    const template = cells('numba-jit', SALESPERSON).template;
    expect(template.match(/def distance\(/g)).toHaveLength(1);
    expect(
      template.trimEnd().endsWith('best = total_distance(points, order)')
    ).toBe(true);
  });
});

describe('numpy-vectorise falls down the lesson chain to Numba', () => {
  it.each([
    [
      'pandas rows',
      'total = 0\nfor row in df.itertuples():\n    total += row.a * 2'
    ],
    [
      'an import inside a function',
      'def step(n):\n    import random\n    x = 0\n    for i in range(n):\n        x += random.random()\n    return x\n\ny = step(10)'
    ]
  ])('keeps the note where Numba cannot compile the code: %s', (_, source) => {
    expect(cells('numpy-vectorise', source).template).not.toContain(
      'Numba compiles it'
    );
  });

  it('compiles a stencil NumPy cannot express as it stands: one updated in place', () => {
    // Without the copy each u[i] reads the u[i-1] this step already wrote: a recurrence.
    const inPlace = CONVECTION.replace('    un = u.copy()\n', '').replace(
      /un\[/g,
      'u['
    );
    const inserted = cells('numpy-vectorise', inPlace);
    expect(inserted.template).toContain(
      'so, as the lesson says next, Numba compiles it'
    );
    expect(inserted.template).toContain('@numba.njit(cache=True)\ndef u_loop(');
    expect(inserted.template).not.toContain('TO FINISH');
    expect(inserted.verify).toContain('outputs=["u"],');
    expect(inserted.note).toBeUndefined();
  });

  it('writes a stencil read from a copy as slices, the time loop kept', () => {
    const inserted = cells('numpy-vectorise', CONVECTION);
    expect(inserted.template).toContain(
      '    u[1:nx] = un_arr[1:nx] - c * dt / dx * (un_arr[1:nx] - un_arr[0:nx - 1])'
    );
    expect(inserted.template).not.toContain('numba');
    expect(inserted.verify).toContain('outputs=["u"],');
  });
});

// ICHEC's is_prime lesson: a raise with a formatted message (Numba cannot format strings, so the
// function did not compile) and the cell's own `is_prime_jit = jit(is_prime)` (Numba refuses to
// compile a compiled function again).
describe('numba-jit on a function the cell also compiles itself', () => {
  const IS_PRIME = lines(
    'def is_prime(n):',
    '    if n <= 1:',
    "        raise ArithmeticError('%s <= 1' %n)",
    '    for i in range(2, n):',
    '        if n % i == 0:',
    '            return False',
    '    return True',
    '',
    'is_prime_jit = jit(is_prime)',
    '',
    'p1 = [is_prime(x) for x in numbers]'
  );

  it('raises the same error with a constant message', () => {
    expect(cells('numba-jit', IS_PRIME).template).toContain(
      `        raise ArithmeticError("'%s <= 1' %n")  # Numba raises constant messages only`
    );
  });

  it("binds the cell's jit(...) name to the compiled function and does not compare it", () => {
    const { template, verify } = cells('numba-jit', IS_PRIME);
    expect(template).toContain(
      'is_prime_jit = is_prime  # compiled above already'
    );
    expect(template).not.toContain('jit(is_prime)');
    expect(verify).toContain('outputs=["p1"]');
  });

  // pyperf's scimark FFT: the hot function calls a helper that checks its input with a formatted
  // raise; the helper is compiled too, so its message must be constant as well.
  it("makes a compiled helper's formatted raise constant too", () => {
    const { template } = cells(
      'numba-jit',
      lines(
        'def checked(n):',
        '    if n < 0:',
        '        raise ValueError("negative length: %s" % n)',
        '    return n',
        '',
        'def transform(N, data):',
        '    # halves the data and adds the step, checked(N) times',
        '    for step in range(checked(N)):',
        '        for i in range(N):',
        '            data[i] = data[i] * 0.5 + step',
        'transform(N, x)'
      )
    );
    expect(template).toContain('@numba.njit(cache=True)\ndef checked(n):');
    expect(template).toContain(
      `        raise ValueError("\\"negative length: %s\\" % n")  # Numba raises constant messages only`
    );
  });

  it('leaves raises with constant messages and jit() of other functions alone', () => {
    const cell = lines(
      'def f(n):',
      '    if n < 0:',
      "        raise ValueError('negative')",
      '    return n * 2',
      '',
      'g2 = jit(g)',
      'y = f(3)'
    );
    const { template } = cells('numba-jit', cell);
    expect(template).toContain("        raise ValueError('negative')\n");
    expect(template).toContain('g2 = jit(g)');
  });
});

describe('reductions over generators, which Numba refuses, reduce lists', () => {
  const reduced = (code: string): string => {
    const parsed = parse(code);
    return applyEdits(
      parsed.text,
      0,
      parsed.text.length,
      listReductions(parsed, parsed.tree.topNode)
    );
  };

  it.each([
    // smac-markov-ising-metropolis (SMAC): the energy change of a spin flip.
    [
      'delta_E = 2.0 * S[k] * sum(S[nn] for nn in nbr[k])',
      'delta_E = 2.0 * S[k] * sum([S[nn] for nn in nbr[k]])'
    ],
    // smac-markov-disks-box: the nearest other disk.
    [
      'd = min((b[0] - c[0]) ** 2 + (b[1] - c[1]) ** 2 for c in L if c != a)',
      'd = min([(b[0] - c[0]) ** 2 + (b[1] - c[1]) ** 2 for c in L if c != a])'
    ],
    [
      'm = max((x * x for x in xs), default=0)',
      'm = max([x * x for x in xs], default=0)'
    ],
    ['n = len(list(x for x in xs))', 'n = len(list(x for x in xs))'],
    ['t = sum(xs)', 't = sum(xs)']
  ])('%s', (code, expected) => {
    expect(reduced(code)).toBe(expected);
  });
});

describe('a dict a loop kernel reads, which Numba cannot take', () => {
  // smac-markov-ising-metropolis (SMAC): the neighbour table as a dict comprehension.
  const ISING = lines(
    'import math, random',
    'N = 256',
    'nbr = {i: ((i + 1) % N, (i - 1) % N) for i in range(N)}',
    'S = [random.choice([1, -1]) for k in range(N)]',
    'for step in range(nsteps):',
    '    k = random.randint(0, N - 1)',
    '    delta_E = 2.0 * S[k] * sum(S[nn] for nn in nbr[k])',
    '    if random.uniform(0.0, 1.0) < math.exp(-beta * delta_E):',
    '        S[k] *= -1'
  );

  it('passes a numba.typed.Dict of its items, and reduces a list', () => {
    const { template } = cells('numba-jit', ISING);
    expect(template).toContain('sum([S[nn] for nn in nbr[k]])');
    expect(template).toContain('def as_typed_dict(mapping):');
    expect(template).toContain(
      '\nS_loop(nsteps, N, S, as_typed_dict(nbr), beta)'
    );
  });

  it('leaves a dict the loop changes as it is', () => {
    const { template } = cells(
      'numba-jit',
      ISING.replace('S[k] *= -1', 'S[k] *= -1\n        nbr[k] = (k, k)')
    );
    expect(template).not.toContain('as_typed_dict(');
  });
});
