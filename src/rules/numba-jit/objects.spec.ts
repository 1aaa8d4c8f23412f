/**
 * Arguments holding objects of the notebook's classes, which Numba cannot type: the note names
 * the argument instead of inserting code that fails with "non-precise type pyobject" (field
 * corpus: numba-tutorial-direct-sum-objects, pyperf-scimark-sor-array2d).
 */
import { parse } from '../../analysis/syntax';
import type { ICall } from '../../analysis/types';
import { lines, renderAlone } from '../__tests__/helpers';
import { classNames, objectArgument } from './objects';

const CLASSES = lines(
  'class Point():',
  '    def __init__(self, domain=1.0):',
  '        self.x = domain * numpy.random.random()',
  '',
  'class Particle(Point):',
  '    def __init__(self, domain=1.0, m=1.0):',
  '        Point.__init__(self, domain)',
  '        self.m = m',
  '',
  'class Pair(NamedTuple):',
  '    a: float',
  '    b: float',
  '',
  'class Colour(Enum):',
  '    RED = 1'
);

const call = (...args: string[]): ICall => ({
  name: 'f',
  line: 1,
  args,
  assignedTo: []
});

describe('objectArgument', () => {
  const classes = classNames([parse(CLASSES)]);
  const bindings = parse(
    lines(
      'n = 3000',
      'particles = [Particle(m = 1 / n) for i in range(n)]',
      'G = Array2D(n, n)',
      'pairs = [Pair(1.0, 2.0), Pair(3.0, 4.0)]',
      'xs = numpy.zeros(n)',
      'p = Point()'
    )
  );
  const bound = () => [bindings];

  it('knows the classes, leaving out named tuples and enums, which Numba compiles', () => {
    expect([...classes].sort()).toEqual(['Particle', 'Point']);
  });

  it.each([
    [
      'a list of objects (the numba tutorial)',
      ['particles'],
      'particles',
      'Particle',
      false
    ],
    ['one object', ['1.25', 'p', 'n'], 'p', 'Point', false],
    ['the class itself', ['xs', 'Particle'], 'Particle', 'Particle', true]
  ])('finds %s', (_label, args, name, className, isClass) => {
    expect(objectArgument(call(...args), classes, bound)).toEqual({
      name,
      className,
      isClass
    });
  });

  it.each([
    ['arrays and numbers', ['xs', 'n', '2.0']],
    ['named tuples', ['pairs']],
    ['a class of another module', ['G']],
    ['expressions', ['Particle()', 'xs[0]']]
  ])('passes %s', (_label, args) => {
    expect(objectArgument(call(...args), classes, bound)).toBeNull();
  });
});

// pyperf's scimark SOR, in one cell: the grid is an Array2D object.
it('the numba-jit card names the object argument instead of compiling a function of it', () => {
  const source = lines(
    'class Array2D(object):',
    '    def __init__(self, w, h):',
    '        self.width = w',
    '        self.height = h',
    '        self.data = array("d", [0]) * (w * h)',
    '',
    'def SOR_execute(omega, G, cycles):',
    '    for p in range(cycles):',
    '        for y in range(1, G.height - 1):',
    '            for x in range(1, G.width - 1):',
    '                G[x, y] = omega * 0.25 * (G[x, y - 1] + G[x, y + 1])',
    '',
    'G = Array2D(150, 150)',
    'SOR_execute(1.25, G, 80)'
  );
  const [template] = renderAlone('numba-jit', source);
  expect(template.source).toContain(
    '# TO FINISH: The hot function is given G, Array2D objects, which Numba'
  );
  expect(template.source).not.toContain('@numba.njit');
});
