/**
 * The pool template over the shapes of the field corpus' pool cases (tests/corpus/cases): what
 * it maps, how it stores the results, what the verify cell compares, and the per-item seeds.
 */
import { analyseCell } from '../../../analysis';
import { renderTemplate } from '../..';
import type { ICellContext } from '../..';
import { DEFAULT_ADVICE_CONFIG } from '../../../contracts/settings';

function context(source: string, setup = ''): ICellContext {
  return {
    cellId: 'case',
    source,
    analysis: analyseCell(source),
    notebook: null,
    cellSources: { 'setup-1': setup, case: source },
    facts: null,
    runs: [],
    config: DEFAULT_ADVICE_CONFIG
  };
}

function cells(source: string, setup = '') {
  const inserted = renderTemplate('pathos-pool', context(source, setup));
  const byRole = (role: string) =>
    inserted.find(
      cell =>
        (cell.metadata?.['jupyterlab-optimiser'] as { role: string }).role ===
        role
    )?.source ?? '';
  return { template: byRole('template'), verify: byRole('verify') };
}

const SOLVE_IVP = `data = []
for y0 in y0s:
    data.append(
        solve_ivp(fun=fun, y0=y0, t_span=t_span).y
    )`;
const MEANS = `def calc_mean(i, n):
    return np.mean(np.random.normal(size=n))

n = 1000000
rs = [calc_mean(i, n) for i in range(100)]`;
const SPECTRA = `for filename in filenames:
    frequency, amplitude = compute_FFT(datapath + filename)`;
const COUNTS = `counts = {}
for word in words:
    counts[word] = len(edits1(word))`;
const TOTAL = `total = 0
for seed in seeds:
    total += simulate(seed)`;

describe('pathos-pool render on real code shapes', () => {
  it.each([
    [
      'an append of a multi-line call',
      SOLVE_IVP,
      'def data_item(y0):\n    return solve_ivp(fun=fun, y0=y0, t_span=t_span).y',
      'data = list(mapped)',
      '["data"]'
    ],
    [
      'a list comprehension bound to a name',
      MEANS,
      'def rs_item(i):\n    return calc_mean(i, n)',
      'rs = list(mapped)',
      '["rs"]'
    ],
    [
      'a tuple the loop leaves bound to the last item',
      SPECTRA,
      'def frequency_item(filename):\n    return compute_FFT(datapath + filename)',
      'if mapped:\n    frequency, amplitude = mapped[-1]\nif item_list:\n    filename = item_list[-1]',
      '["frequency", "amplitude"]'
    ],
    [
      'a dict stored by item',
      COUNTS,
      'def counts_item(word):\n    return len(edits1(word))',
      'counts.update(zip(item_list, mapped))',
      '["counts"]'
    ],
    ['a sum', TOTAL, '', 'total = sum(mapped)', '["total"]'],
    [
      "a dict comprehension that is the cell's value",
      '{w: correct(w) for w in tokens(s)}',
      'item_list = list(tokens(s))',
      'dict(zip(item_list, mapped))  # in place of {w: correct(w) for w in tokens(s)}',
      '["{w: correct(w) for w in tokens(s)}"]'
    ]
  ])('maps %s', (_, source, definition, store, outputs) => {
    const { template, verify } = cells(source);
    expect(template).toContain(definition);
    expect(template).toContain(store);
    expect(template).toContain('mapped = pool.map(');
    expect(verify).toContain(`outputs=${outputs}`);
  });

  it("computes the cell's value once, by the pool, not again below the template", () => {
    const source = '{w: correct(w) for w in tokens(s)}';
    expect(cells(source).template.split(source).length - 1).toBe(1);
  });

  it.each([
    ['np.random in the cell', MEANS, ''],
    [
      'random.randint in a function of another cell',
      SPECTRA,
      'from random import randint\ndef compute_FFT(path):\n    start = randint(1, 10)'
    ]
  ])('gives every item its own seed for %s', (_, source, setup) => {
    const { template } = cells(source, setup);
    expect(template).toContain(
      'work_list = [(random.getrandbits(32), item) for item in item_list]'
    );
    expect(template).toContain('mapped = pool.map(seeded_item, work_list)');
  });

  it('maps the items themselves when nothing draws random numbers', () => {
    const { template } = cells(SOLVE_IVP);
    expect(template).not.toContain('seeded_item');
    expect(template).toContain('mapped = pool.map(data_item, item_list)');
  });

  it('keeps a cell without a loop of items as it is, with a note', () => {
    const { template, verify } = cells('result = simulate(10)');
    expect(template).toContain('TO FINISH');
    expect(verify).toBe('');
  });
});

describe('items that print, carry a stepped value, or sit in a function', () => {
  // numba-ex-juliaset-zoom-frames (numba examples): a frame per zoom, printed, `l` stepped.
  const FRAMES = [
    'def juliaset(iters):',
    '    l = 1.5',
    '    zoomAmount = 0.6',
    '    for zoom in range(iters):',
    '        x = np.linspace(-l, l, 1000)',
    '        W = iterate(128, x, c)',
    '        print("checksum W = ", W.sum())',
    '        l = l * zoomAmount',
    '',
    'juliaset(8)'
  ].join('\n');

  it('maps the frames inside the function, each with the l it starts from', () => {
    const { template } = cells(FRAMES);
    expect(template).toContain(
      [
        '    def zoom_item(item):',
        '        zoom, l = item',
        '        x = np.linspace(-l, l, 1000)'
      ].join('\n')
    );
    // The steps replayed in the kernel give every item exactly the loop's value of l.
    expect(template).toContain(
      [
        '    item_list = []',
        '    for zoom in range(iters):',
        '        item_list.append((zoom, l))',
        '        l = l * zoomAmount'
      ].join('\n')
    );
    expect(template).toContain(
      '        mapped = pool.map(printed_item, item_list)'
    );
    expect(template).toMatch(/\njuliaset\(8\)$/);
  });

  it("prints each item's text in the items' order and compares what was printed", () => {
    const { template, verify } = cells(FRAMES);
    expect(template).toContain(
      '    def printed_item(item):\n        with contextlib.redirect_stdout(io.StringIO()) as out:\n            value = zoom_item(item)'
    );
    expect(template).toContain(
      '    for _, text in mapped:\n        print(text, end="")'
    );
    expect(verify).toContain('printed=True,');
  });

  it('says why concurrent.futures cannot map work defined inside a function', () => {
    const ctx = {
      ...context(FRAMES),
      config: {
        ...DEFAULT_ADVICE_CONFIG,
        poolLibrary: 'concurrent.futures' as const
      }
    };
    const template = renderTemplate('pathos-pool', ctx)[0].source;
    expect(template).toContain(
      'TO FINISH: The loop on line 4 runs inside a function'
    );
    expect(template).toContain('Choose pathos or joblib');
  });

  it.each([
    [
      'appends to',
      'for x in xs:\n    out.append(f(x))\n    y = g(x)\n    print(y)'
    ],
    ['adds to', 'for x in xs:\n    total += f(x)\n    y = g(x)'],
    [
      'stores into',
      'for i in idx:\n    grid[i] = f(i)\n    y = g(i)\n    print(i, y)'
    ]
  ])(
    'leaves a loop alone when it also %s what the cell keeps, besides its result',
    (_, cell) => {
      expect(cells(cell).template).toContain('TO FINISH');
    }
  );

  it('maps a result kept before a progress line that prints something else', () => {
    const { template } = cells(
      'for x in xs:\n    out.append(f(x))\n    print(x)'
    );
    expect(template).toContain(
      'def out_item(x):\n    item_result = f(x)\n    print(x)\n    return item_result'
    );
    expect(template).toContain('out.extend(mapped)');
  });

  it('keeps a result stored before the progress line that prints it', () => {
    // mivp-style: solve, keep, report progress.
    const { template, verify } = cells(
      'sols = []\nfor y0 in y0s:\n    sol = solve(y0)\n    sols.append(sol)\n    print("done", y0, sol)'
    );
    expect(template).toContain(
      'def sols_item(y0):\n    sol = solve(y0)\n    item_result = sol\n    print("done", y0, sol)\n    return item_result'
    );
    expect(template).toContain('mapped = pool.map(printed_item, item_list)');
    expect(template).toContain('sols = list(mapped)');
    expect(verify).toContain('outputs=["sols"]');
  });

  it('leaves a printing loop alone when later code reads what its body bound', () => {
    const { template } = cells(
      'for f in files:\n    size = os.path.getsize(f)\n    print(f, size)\nprint(size)'
    );
    expect(template).toContain('TO FINISH');
  });

  it('leaves a loop alone when its carried name steps under an if', () => {
    const { template } = cells(
      [
        'for k in range(10):',
        '    print(k, t)',
        '    if k % 2:',
        '        t = t + dt'
      ].join('\n')
    );
    expect(template).toContain('TO FINISH');
  });
});
