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

  // smac-markov-disks-box: `from random import choice, uniform`; Numba compiles uniform only.
  const DISKS =
    'def markov_step_box(sigma, delta):\n    for _ in range(n_steps):\n        a = choice(L)\n        b = [a[0] + uniform(-delta, delta), a[1]]';
  const FROM_RANDOM = [
    { module: 'random', alias: 'choice' },
    { module: 'random', alias: 'uniform' }
  ];

  it('names random.choice imported bare, and random.sample qualified', () => {
    expect(unsupportedCall(DISKS, 1, FROM_RANDOM)).toMatchObject({
      line: 3,
      call: 'choice'
    });
    expect(
      unsupportedCall('for i in range(n):\n    s = random.sample(xs, 3)', 1)
    ).toMatchObject({ line: 2, call: 'random.sample' });
  });

  it.each([
    ['without the import', DISKS, []],
    [
      'a method of that name',
      'for i in range(n):\n    a = rng.choice(L)',
      FROM_RANDOM
    ],
    [
      'the draws Numba compiles',
      'x = uniform(0, 1)\ny = random.randrange(3)',
      FROM_RANDOM
    ]
  ])('passes %s', (_, code, imported) => {
    expect(unsupportedCall(code, 1, imported)).toBeNull();
  });
});
