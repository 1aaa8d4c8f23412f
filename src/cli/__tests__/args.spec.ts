import { parseArguments, UsageError } from '../args';

describe('parseArguments', () => {
  it.each([
    [
      ['advise', 'a.ipynb'],
      { notebook: 'a.ipynb', facts: null, cell: null, json: false }
    ],
    [
      ['advise', '--json', 'a.ipynb', '--facts', 'f.json'],
      { notebook: 'a.ipynb', facts: 'f.json', cell: null, json: true }
    ],
    [
      ['advise', 'a.ipynb', '--cell=abc', '--facts=f.json'],
      { notebook: 'a.ipynb', facts: 'f.json', cell: 'abc', json: false }
    ],
    [['advise', '-'], { notebook: '-', facts: null, cell: null, json: false }]
  ])('%j', (argv, expected) => {
    expect(parseArguments(argv)).toEqual(expected);
  });

  it.each([
    [[]],
    [['advise']],
    [['advise', 'a.ipynb', 'b.ipynb']],
    [['advise', 'a.ipynb', '--cell']],
    [['advise', 'a.ipynb', '--json=yes']],
    [['lint', 'a.ipynb']]
  ])('rejects %j', argv => {
    expect(() => parseArguments(argv)).toThrow(UsageError);
  });

  it('answers --help anywhere', () => {
    expect(parseArguments(['advise', 'a.ipynb', '--help'])).toBe('help');
    expect(parseArguments(['-h'])).toBe('help');
  });
});
