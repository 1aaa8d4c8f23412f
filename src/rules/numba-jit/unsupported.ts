/**
 * Calls that Numba's nopython mode does not compile, found before the template would fail on its
 * first call (field corpus: `itertools.permutations` in a brute-force search, a `Random` object's
 * methods, generators): the note then names the line and the call, and the next step.
 */

/** A call the compiled code would make that Numba cannot type. */
export interface IUnsupportedCall {
  /** 1-based, in the cell that holds the code. */
  line: number;
  call: string;
  /** What to do instead, as a sentence. */
  instead: string;
}

const OUTSIDE =
  'keep it outside the compiled function and pass its results in as NumPy arrays';

/** Python's random.choice, choices and sample: Numba compiles the module's other draws only. */
const NOT_IN_NUMBA_RANDOM = new Set(['choice', 'choices', 'sample']);
const PICK =
  'pick by index instead: seq[random.randrange(len(seq))] for a list of numbers, or np.random.choice on a NumPy array (Numba supports both)';

const UNSUPPORTED: readonly { pattern: RegExp; instead: string }[] = [
  {
    pattern:
      /\b(itertools\.\w+|permutations|combinations|combinations_with_replacement)\s*\(/,
    instead:
      'build the combinations outside the compiled function (as a NumPy array) and pass them in, or compile only the numeric work done for each one'
  },
  {
    pattern: /\b(Random|default_rng|SeedSequence|Generator)\s*\(/,
    instead:
      'draw the random numbers with the np.random functions Numba supports (np.random.seed, np.random.random), or outside the compiled function and pass them in'
  },
  {
    pattern: /\b(random\.(?:choice|choices|sample))\s*\(/,
    instead: PICK
  },
  { pattern: /\b(re\.\w+|open|input)\s*\(/, instead: OUTSIDE },
  {
    pattern:
      /\b((?:json|pickle|os|sys|subprocess|datetime|pd|pandas)\.\w+)\s*\(/,
    instead: OUTSIDE
  },
  {
    pattern: /\b(yield)\b/,
    instead:
      'collect the values in an array instead of yielding them one by one'
  }
];

/**
 * The first such call in `text` (which starts on line `firstLine` of its cell), or null.
 * `imported`: the notebook's imports, for the names bound by `from random import choice`.
 */
export function unsupportedCall(
  text: string,
  firstLine: number,
  imported: readonly { module: string; alias: string }[] = []
): IUnsupportedCall | null {
  const picks = imported
    .filter(
      item => item.module === 'random' && NOT_IN_NUMBA_RANDOM.has(item.alias)
    )
    .map(item => item.alias);
  const patterns = picks.length
    ? [
        ...UNSUPPORTED,
        {
          pattern: new RegExp(`(?<![\\w.])(${picks.join('|')})\\s*\\(`),
          instead: PICK
        }
      ]
    : UNSUPPORTED;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const code = lines[i].replace(/#.*$/, '');
    for (const { pattern, instead } of patterns) {
      const match = pattern.exec(code);
      if (match) {
        return { line: firstLine + i, call: match[1], instead };
      }
    }
  }
  return null;
}
