import { applyEdits, parse, topStatements } from '../../analysis/syntax';
import { listArguments } from './global-lists';

/** The compiled definition and its caller for the cell's first function, or null. */
function rewrite(
  cell: string
): { compiled: string; caller: string; lists: string[] } | null {
  const parsed = parse(cell);
  const node = topStatements(parsed).find(
    item => item.name === 'FunctionDefinition'
  )!;
  const made = listArguments(parsed, node, () => [parsed], new Set(['len']));
  return made
    ? {
        compiled: applyEdits(parsed.text, node.from, node.to, made.edits),
        caller: made.caller,
        lists: made.lists
      }
    : null;
}

describe('global lists become array arguments of the compiled function', () => {
  it('a search over a global list (pando manual search)', () => {
    const made = rewrite(
      [
        'ls = [random.randint(0, 22000) for i in range(11000)]',
        'def manualSearch():',
        '    count = 0',
        '    for even_number in range(0, 22000, 2):',
        '        for i in range(0, len(ls)):',
        '            if ls[i] == even_number:',
        '                count += 1',
        '                break',
        '    return count'
      ].join('\n')
    )!;
    expect(made.lists).toEqual(['ls']);
    expect(made.compiled).toMatch(/^def manualSearch_compiled\(ls\):\n/);
    expect(made.caller).toContain(
      'def manualSearch():\n    return manualSearch_compiled(numpy.asarray(ls))'
    );
  });

  it('keeps the signature, defaults included, and puts the lists first', () => {
    const made = rewrite(
      [
        'weights = [0.5, 0.25, 0.25]',
        'def score(x, scale=2):',
        '    s = 0.0',
        '    for k in range(len(weights)):',
        '        s += weights[k] * x ** k',
        '    return s * scale'
      ].join('\n')
    )!;
    expect(made.compiled).toMatch(
      /^def score_compiled\(weights, x, scale=2\):/
    );
    expect(made.caller).toContain(
      'def score(x, scale=2):\n    return score_compiled(numpy.asarray(weights), x, scale)'
    );
  });

  it.each([
    [
      'appends to it',
      'ls = []\ndef grow(n):\n    for i in range(n):\n        ls.append(i)'
    ],
    [
      'writes through one of its elements',
      'L = [[0.25, 0.25], [0.75, 0.75]]\ndef step(d):\n    a = L[0]\n    a[0] = a[0] + d'
    ],
    [
      'stores into it',
      'xs = [0.0] * 10\nys = [1.0, 2.0]\ndef fill(n):\n    for i in range(n):\n        ys[i] = 2.0 * i'
    ],
    [
      'binds the name itself',
      'ls = [1, 2]\ndef own(n):\n    ls = list(range(n))\n    return ls[0]'
    ],
    ['takes *args', 'ls = [1, 2]\ndef f(*args):\n    return ls[0]'],
    ['reads no list', 'n = 3\ndef g(x):\n    return x * n']
  ])('leaves the function alone when it %s', (_, cell) => {
    expect(rewrite(cell)).toBeNull();
  });
});
