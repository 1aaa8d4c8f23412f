import { prepareSource } from '../preprocess';

describe('prepareSource', () => {
  it.each([
    [
      'line magic',
      '%matplotlib inline\nx = 1',
      [{ line: 1, reason: 'magic', text: '%matplotlib inline' }],
      []
    ],
    [
      'shell escape',
      '!pip install numpy\nx = 1',
      [{ line: 1, reason: 'shell', text: '!pip install numpy' }],
      [1]
    ],
    [
      'assigned shell escape',
      'files = !ls *.csv',
      [{ line: 1, reason: 'shell', text: 'files = !ls *.csv' }],
      [1]
    ],
    [
      'assigned %sx',
      'out = %sx ls',
      [{ line: 1, reason: 'shell', text: 'out = %sx ls' }],
      [1]
    ],
    [
      'help',
      'np.sum?\n?np.mean',
      [
        { line: 1, reason: 'magic', text: 'np.sum?' },
        { line: 2, reason: 'magic', text: '?np.mean' }
      ],
      []
    ],
    [
      'indented shell escape',
      'for f in files:\n    !gzip {f}',
      [{ line: 2, reason: 'shell', text: '!gzip {f}' }],
      [2]
    ],
    [
      'continued magic',
      '!echo a \\\n  b\nx = 1',
      [{ line: 1, reason: 'shell', text: '!echo a \\', endLine: 2 }],
      [1]
    ]
  ])(
    'sets aside a %s and keeps the line count',
    (_, source, unread, shellLines) => {
      const prepared = prepareSource(source);
      expect(prepared.unread).toEqual(unread);
      expect(prepared.shellLines).toEqual(shellLines);
      expect(prepared.code.split('\n')).toHaveLength(source.split('\n').length);
    }
  );

  it('keeps indented blocks valid with a placeholder', () => {
    expect(prepareSource('for f in files:\n    !gzip {f}').code).toBe(
      'for f in files:\n    pass'
    );
  });

  it('keeps the assignment of a shell escape', () => {
    expect(prepareSource('files = !ls').code).toBe('files = ...');
  });

  it.each([
    ['%time total = f(x)', 'total = f(x)'],
    ['%timeit -n 10 -r 3 f(x)', 'f(x)'],
    ['%timeit -q f(x)', 'f(x)'],
    ['    %prun -s cumulative main()', '    main()']
  ])('reads the statement after a timing magic: %s', (source, code) => {
    const prepared = prepareSource(source);
    expect(prepared.code).toBe(code);
    expect(prepared.unread).toEqual([]);
  });

  it('reads the body of a %%time cell and does not report it', () => {
    const prepared = prepareSource('%%time\nx = 1');
    expect(prepared.code).toBe('\nx = 1');
    expect(prepared.unread).toEqual([]);
  });

  it.each([
    ['%%bash\necho hi\nls', 'magic', [1]],
    ['%%writefile a.py\nprint(1)', 'magic', []],
    ['%%html\n<b>hi</b>', 'magic', []]
  ])('sets aside a whole non-Python cell: %s', (source, reason, shellLines) => {
    const prepared = prepareSource(source);
    const lines = source.split('\n').length;
    expect(prepared.unread).toEqual([
      { line: 1, reason, text: source.split('\n')[0], endLine: lines }
    ]);
    expect(prepared.shellLines).toEqual(shellLines);
    expect(prepared.code.trim()).toBe('');
  });

  it.each([
    ['x = a != b', []],
    ['y = x % 2', []],
    ['z = (a\n     % b)', []],
    ['s = "what?"', []]
  ])('leaves Python alone: %s', (source, unread) => {
    expect(prepareSource(source).unread).toEqual(unread);
    expect(prepareSource(source).code).toBe(source);
  });

  it('does not take lines inside a triple-quoted string for magics', () => {
    const source = 'doc = """\n%s is fine\n!not a shell\n"""';
    const prepared = prepareSource(source);
    expect(prepared.unread).toEqual([]);
    expect(prepared.code).toBe(source);
  });

  it('normalises Windows line endings without losing lines', () => {
    const prepared = prepareSource('%time f()\r\nx = 1\r\n');
    expect(prepared.code).toBe('f()\nx = 1\n');
  });
});
