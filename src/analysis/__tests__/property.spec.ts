import fc from 'fast-check';

import { analyseCell } from '../cell';
import type { ICellAnalysis } from '../types';

/** Fragments of Python and IPython, so random cells look like code often enough to go deep. */
const FRAGMENTS = [
  'for ',
  'while ',
  'if ',
  'else:',
  'def ',
  'class ',
  'return ',
  'lambda ',
  ' in ',
  'range(',
  'len(',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ':',
  ',',
  '.',
  ' = ',
  ' += ',
  ' * ',
  ' ** ',
  ' // ',
  ' % ',
  '"',
  "'",
  '"""',
  'f"{',
  '}"',
  '\n',
  '\n    ',
  '    ',
  '\t',
  '\\',
  '#',
  '%',
  '%%',
  '!',
  '?',
  '@',
  'np.',
  'x',
  'i',
  'xs',
  'total',
  '1_000',
  '1e6',
  '0x1f',
  'import ',
  'from ',
  ' as ',
  'yield ',
  'async ',
  'await ',
  'with ',
  'try:',
  'except ',
  ':=',
  '*',
  '**',
  ';',
  'subprocess.run(',
  'é',
  '🙂',
  '\r\n',
  '\u2028',
  '\0'
];

const pythonish = fc
  .array(fc.constantFrom(...FRAGMENTS), { maxLength: 80 })
  .map(parts => parts.join(''));

function checkShape(source: string, analysis: ICellAnalysis): void {
  const lines = analysis.lineCount;
  expect(lines).toBeGreaterThanOrEqual(1);
  for (const loop of analysis.loops) {
    expect(loop.line).toBeGreaterThanOrEqual(1);
    expect(loop.endLine).toBeLessThanOrEqual(lines);
    expect(loop.line).toBeLessThanOrEqual(loop.endLine);
  }
  for (const unread of analysis.unread) {
    expect(unread.line).toBeGreaterThanOrEqual(1);
    expect(unread.endLine ?? unread.line).toBeLessThanOrEqual(lines);
  }
  expect(analysis.statements).toBeGreaterThanOrEqual(0);
  expect(JSON.parse(JSON.stringify(analysis))).toEqual(analysis);
  void source;
}

// Generous: these run thousands of analyses, and the machine may be shared.
jest.setTimeout(60_000);

describe('analyseCell never throws', () => {
  it('on any unicode text', () => {
    fc.assert(
      fc.property(fc.fullUnicodeString({ maxLength: 400 }), source => {
        checkShape(source, analyseCell(source));
      }),
      { numRuns: 300 }
    );
  });

  it('on Python-like fragments in any order', () => {
    fc.assert(
      fc.property(pythonish, source => {
        checkShape(source, analyseCell(source));
      }),
      { numRuns: 600 }
    );
  });

  it('on huge cells', () => {
    fc.assert(
      fc.property(
        pythonish,
        fc.integer({ min: 200, max: 2000 }),
        (fragment, times) => {
          const source = `${fragment}\n`.repeat(times).slice(0, 200_000);
          checkShape(source, analyseCell(source));
        }
      ),
      { numRuns: 8 }
    );
  });

  it.each([
    ['deep brackets', '('.repeat(20_000) + 'x' + ')'.repeat(20_000)],
    ['deep unclosed brackets', '['.repeat(50_000)],
    [
      'deep nesting of blocks',
      Array.from(
        { length: 300 },
        (_, i) => `${' '.repeat(i)}for i${i} in range(2):`
      ).join('\n') + `\n${' '.repeat(300)}x = 1`
    ],
    [
      'a long expression',
      `x = ${Array.from({ length: 20_000 }, (_, i) => `a${i}`).join(' + ')}`
    ],
    ['a megabyte of one line', 'x'.repeat(1_000_000)],
    ['only magics', '%%bash\n' + '!ls\n'.repeat(1000)],
    [
      'binary noise',
      String.fromCharCode(
        ...Array.from({ length: 5000 }, (_, i) => (i * 7919) % 65536)
      )
    ]
  ])('on %s', (_, source) => {
    checkShape(source, analyseCell(source));
  });

  it('when the parser itself fails, reporting the whole cell as unread', () => {
    // Found by the huge-cells property: @lezer/python's tree for this text cannot be walked.
    const source = ' * }%\n'.repeat(1423);
    const analysis = analyseCell(source);
    checkShape(source, analysis);
    expect(analysis.unread).toEqual([
      { line: 1, endLine: 1424, reason: 'syntax', text: '* }%' }
    ]);
  });
});
