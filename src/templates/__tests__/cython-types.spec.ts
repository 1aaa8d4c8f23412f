import { parse } from '../../analysis/syntax';
import { cythonFunction as typeFunction, firstFunction } from '../cython-types';

/** The first function of `source`, typed. */
function cythonFunction(
  source: string,
  callArgs: readonly string[],
  mathNames: ReadonlySet<string>
): ReturnType<typeof typeFunction> {
  const parsed = parse(source);
  return typeFunction(parsed, firstFunction(parsed), callArgs, mathNames);
}

const MATH = new Set(['math']);

const SIMULATE = `def simulate(steps, dt):
    x, v = 1.0, 0.0
    path_sum = 0.0
    for _ in range(steps):
        a = -x - 0.1 * v + 0.5 * math.sin(3.0 * x)
        v += a * dt
        x += v * dt
        path_sum += x
    return path_sum
`;

describe('cythonFunction', () => {
  it('types counters, range bounds and float locals, and calls libm', () => {
    const typed = cythonFunction(SIMULATE, ['15_000_000', '1e-4'], MATH)!;
    expect(typed.source).toBe(
      [
        '# cython: language_level=3',
        'from libc.math cimport sin',
        '',
        'def simulate(Py_ssize_t steps, double dt):',
        '    cdef double x, v, path_sum, a',
        '    cdef Py_ssize_t _',
        '    x, v = 1.0, 0.0',
        '    path_sum = 0.0',
        '    for _ in range(steps):',
        '        a = -x - 0.1 * v + 0.5 * sin(3.0 * x)',
        '        v += a * dt',
        '        x += v * dt',
        '        path_sum += x',
        '    return path_sum'
      ].join('\n')
    );
    expect(typed.untyped).toEqual([]);
  });

  it('keeps integer accumulators as Python ints, which cannot overflow', () => {
    const typed = cythonFunction(
      'def squares(n):\n    total = 0\n    for i in range(1, n + 1):\n        total += i * i\n    return total\n',
      [],
      MATH
    )!;
    expect(typed.source).toContain('def squares(Py_ssize_t n):');
    expect(typed.source).toContain('cdef Py_ssize_t i');
    expect(typed.source).not.toContain('cdef double');
    expect(typed.untyped).toEqual(['total']);
  });

  it('leaves uncertain names untyped', () => {
    const typed = cythonFunction(
      [
        'def mixed(data, scale):',
        '    x = 1.0',
        '    x = []',
        '    y = 2.0 ** scale',
        '    for i in range(len(data)):',
        '        y += data[i]',
        '    return x, y',
        ''
      ].join('\n'),
      ['values', '3'],
      MATH
    )!;
    expect(typed.source).toContain('def mixed(data, scale):');
    expect(typed.source).toContain('cdef Py_ssize_t i');
    expect(typed.source).not.toContain('cdef double');
    expect(typed.untyped).toEqual(['data', 'scale', 'x', 'y']);
  });

  it('does not type a range bound the function reassigns', () => {
    const typed = cythonFunction(
      'def f(n):\n    n = n / 2\n    t = 0.0\n    for k in range(n):\n        t += 1.0\n    return t\n',
      ['10'],
      MATH
    )!;
    expect(typed.source).toContain('def f(n):');
    expect(typed.source).toContain('cdef double t');
  });

  it('ignores nested functions and follows the math alias', () => {
    const typed = cythonFunction(
      [
        'def outer(w):',
        '    def inner(q):',
        '        z = 1.0',
        '        return z',
        '    s = 0.0',
        '    for j in range(3):',
        '        s += m.exp(-w * j) + m.gamma(2.0)',
        '    return s + inner(1)',
        ''
      ].join('\n'),
      ['0.5'],
      new Set(['m'])
    )!;
    expect(typed.source).toContain('from libc.math cimport exp\n');
    expect(typed.source).toContain('exp(-w * j) + m.gamma(2.0)');
    expect(typed.source).toContain('def outer(double w):');
    expect(typed.source).not.toContain('cdef double z');
    expect(typed.untyped).toEqual(['s']);
  });

  it('returns null for text without a function', () => {
    expect(cythonFunction('x = 1\n', [], MATH)).toBeNull();
  });
});

describe('cythonFunction scope', () => {
  it('leaves globals and deleted names as Python objects', () => {
    const typed = cythonFunction(
      'def f(n):\n    global total\n    total = 0.0\n    y = 1.0\n    del y\n    z = 2.0\n    return z\n',
      [],
      MATH
    )!;
    expect(typed.source).toContain('cdef double z\n');
    expect(typed.untyped).toEqual(['n', 'total', 'y']);
  });
});
