import { unsupportedCall } from './unsupported';

describe('calls Numba cannot compile are named before the template fails on them', () => {
  it.each([
    [
      'itertools in a brute-force search (pando-travelling-salesperson-brute-force)',
      'def shortest(cities):\n    best = 1e9\n    for route in itertools.permutations(cities):\n        best = min(best, length(route))\n    return best',
      3,
      'itertools.permutations'
    ],
    [
      'an object of a random class (pyperf-scimark-montecarlo-own-rng)',
      'def MonteCarlo(n):\n    rnd = Random(113)\n    for i in range(n):\n        x = rnd.nextDouble()',
      2,
      'Random'
    ],
    [
      'NumPy generators (default_rng)',
      'for i in range(n):\n    rng = np.random.default_rng(i)\n    total += rng.random()',
      2,
      'default_rng'
    ],
    [
      'a generator function (smac-markov-disks-box)',
      'def steps(n):\n    for i in range(n):\n        yield i * 0.5',
      3,
      'yield'
    ]
  ])('%s', (_, code, line, call) => {
    expect(unsupportedCall(code, 1)).toMatchObject({ line, call });
  });

  it.each([
    ['plain numeric loops', 'for i in range(n):\n    s += math.sqrt(i) * a[i]'],
    [
      'np.random functions Numba supports',
      'x = np.random.random()\ny = np.random.normal(0, 1)'
    ],
    [
      'a call in a comment',
      'for i in range(n):\n    s += i  # itertools.permutations(x) was slower'
    ],
    ['a name that only ends like one', 'g = MyGenerator(3)\nr = nonRandom(2)']
  ])('passes %s', (_, code) => {
    expect(unsupportedCall(code, 1)).toBeNull();
  });
});
