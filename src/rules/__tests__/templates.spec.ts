import { RULE_IDS } from '../../contracts/advice';
import type { RuleId } from '../../contracts/advice';
import { analyseCell } from '../../analysis';
import { renderTemplate } from '..';
import { pyBlock } from '../../templates/cells';
import type { ICellContext } from '..';
import { DEFAULT_ADVICE_CONFIG } from '../../contracts/settings';
import type { PoolLibrary } from '../../contracts/settings';

function context(
  source: string,
  pool: PoolLibrary = 'pathos',
  scheduler: string | null = null
): ICellContext {
  return {
    cellId: 'cell-1',
    source,
    analysis: analyseCell(source),
    notebook: null,
    cellSources: { 'cell-1': source },
    facts:
      scheduler === null
        ? null
        : {
            version: 1,
            kernel: { language: 'python', version: '3.11' },
            machine: {
              cores: 4,
              memory_bytes: null,
              memory_available_bytes: null,
              gpus: [],
              scheduler
            },
            libraries: {},
            variables: {}
          },
    runs: [],
    config: { ...DEFAULT_ADVICE_CONFIG, poolLibrary: pool }
  };
}

const roles = (rule: RuleId, source: string) =>
  renderTemplate(rule, context(source)).map(
    cell => (cell.metadata?.['jupyterlab-optimiser'] as { role: string }).role
  );
const template = (
  rule: RuleId,
  source: string,
  pool?: PoolLibrary,
  scheduler?: string
) => renderTemplate(rule, context(source, pool, scheduler ?? null))[0].source;
const verify = (rule: RuleId, source: string) =>
  renderTemplate(rule, context(source)).find(cell =>
    cell.source.includes('.verify(')
  )?.source ?? '';

const DISTANCES = `count = 1000
px = [0.5 * t for t in range(count)]
dist = []
for idx in range(len(px)):
    dist.append(math.sqrt(px[idx] ** 2 + 1.0))
`;

describe('renderTemplate', () => {
  it.each(RULE_IDS.map(rule => [rule]))(
    '%s: tags every cell with its rule, cell and role',
    rule => {
      const cells = renderTemplate(rule, context(DISTANCES));
      expect(cells.length).toBeGreaterThan(0);
      for (const cell of cells) {
        expect(cell.metadata?.['jupyterlab-optimiser']).toEqual(
          expect.objectContaining({ rule, source_cell: 'cell-1' })
        );
      }
    }
  );

  it("numpy-vectorise rewrites loops and comprehensions with the cell's own names", () => {
    const code = template('numpy-vectorise', DISTANCES);
    expect(code).toContain('t_values = np.arange(count, dtype=np.float64)');
    expect(code).toContain('px = 0.5 * t_values');
    expect(code).toContain('dist = np.sqrt(px ** 2 + 1.0)');
    expect(code).not.toMatch(/^for idx/m);
    expect(verify('numpy-vectorise', DISTANCES)).toContain(
      'outputs=["px", "dist"]'
    );
    expect(roles('numpy-vectorise', DISTANCES)).toEqual(['template', 'verify']);
  });

  it('numpy-vectorise says so when it rewrote nothing, rather than claiming a rewrite', () => {
    // A pandas row function whose loop has no column form.
    const cell =
      "def get_title(line):\n    for title in TITLES:\n        if title in line:\n            return title\n    return 'Other'\n\ndata['title'] = data['name'].apply(get_title)\n";
    const code = template('numpy-vectorise', cell);
    // The card is about the pandas call, and so is what is left to do.
    expect(code).toContain(
      'the pandas code that runs Python per row, element or group is yours to rewrite'
    );
    expect(code).toContain(
      'The pandas code on line 7 runs Python once per row, element or group'
    );
    expect(code).not.toContain('the loops are rewritten');
    expect(roles('numpy-vectorise', cell)).toEqual(['template', 'note']);
  });

  describe('numpy-vectorise on pandas calling a function per element', () => {
    it.each([
      [
        // ds-pydata-book-last-letter-map
        'the last letter of each name',
        'def get_last_letter(x):\n    return x[-1]\nlast_letters = names["name"].map(get_last_letter)\n',
        'last_letters = names["name"].str[-1]'
      ],
      [
        'arithmetic and math on each number',
        'import math\ndf["y"] = df["x"].apply(lambda v: math.sqrt(v) * 2 + 1)\n',
        'df["y"] = np.sqrt(df["x"]) * 2 + 1'
      ],
      [
        // ds-pydata-book-fec-map-get-occ
        'a dict lookup that keeps what it does not name',
        'def get_occ(x):\n    # If no mapping provided, return x\n    return occ_mapping.get(x, x)\nfec["occ"] = fec["occ"].map(get_occ)\n',
        'fec["occ"] = fec["occ"].where(~fec["occ"].isin(list(occ_mapping)), fec["occ"].map(occ_mapping))'
      ],
      [
        'a dict lookup',
        'codes = s.map(lambda k: table[k])\n',
        'codes = s.map(table)'
      ],
      [
        'math under its NumPy name',
        'import math\nangles = ratios.map(lambda r: math.atan(r) * 2)\n',
        'angles = np.arctan(ratios) * 2'
      ],
      [
        'string methods and len, nested',
        'lengths = words.map(lambda w: len(w.strip().lower()))\n',
        'lengths = words.str.strip().str.lower().str.len()'
      ],
      [
        'a function of two statements, as its column version',
        'def f(x):\n    y = x * 2\n    return y + 1\nout = s.map(f)\n',
        'out = pd.Series(np.asarray(f_columns(s)), index=s.index, name=s.name)'
      ],
      [
        // ds-trainindata-titanic-get-title
        'an if/elif chain of returns, as np.select in order',
        "def get_title(line):\n    if re.search('Mrs', line):\n        return 'Mrs'\n    elif re.search('Mr', line):\n        return 'Mr'\n    return 'Other'\n\ndata['title'] = data['name'].apply(get_title)\n",
        "return np.select([line.str.contains('Mrs', regex=True), line.str.contains('Mr', regex=True)], ['Mrs', 'Mr'], default='Other')"
      ]
    ])('%s: the whole-column expression', (_, cell, line) => {
      const code = template('numpy-vectorise', cell);
      expect(code).toContain(line);
      expect(code).not.toContain('TO FINISH');
      expect(verify('numpy-vectorise', cell)).toContain('.verify(');
    });

    it.each([
      ['a lookup with a default', 'codes = s.map(lambda k: table.get(k, 0))\n'],
      ['and/or', 'ok = s.map(lambda v: v > 0 and v < 9)\n'],
      [
        'a keyword that changes the call',
        'out = s.map(lambda v: v * 2, na_action="ignore")\n'
      ]
    ])('%s: left for the user to finish', (_, cell) => {
      const code = template('numpy-vectorise', cell);
      expect(code).toContain('TO FINISH: The pandas code on line');
      expect(code).toContain(cell.trimEnd().split('\n').pop());
    });
  });

  // Per-row pandas code in the shapes of public code (realpython's tariff notebook, modern-pandas'
  // great-circle distances): the row function's column version, called once.
  describe('numpy-vectorise on pandas code that runs Python per row', () => {
    const TARIFF =
      "def apply_tariff(kwh, hour):\n    if 0 <= hour < 7:\n        rate = 12\n    elif 7 <= hour < 17:\n        rate = 20\n    else:\n        raise ValueError(f'Invalid hour: {hour}')\n    return rate * kwh\n\n";
    const TARIFF_COLUMNS = [
      '    """apply_tariff on whole columns: each parameter is a column (a Series or an array) of the values it took one at a time."""',
      '    if np.any(~(((0 <= hour) & (hour < 7)) | ((7 <= hour) & (hour < 17)))):',
      "        raise ValueError(f'Invalid hour: {hour}')",
      '    rate = np.select([(0 <= hour) & (hour < 7), (7 <= hour) & (hour < 17)], [12, 20], default=12)',
      '    return rate * kwh'
    ].join('\n');

    it.each([
      [
        'apply(axis=1) of a lambda calling a row function',
        TARIFF +
          'df["cost"] = df.apply(lambda row: apply_tariff(kwh=row["kwh"], hour=row["when"].hour), axis=1)\n',
        'df["cost"] = pd.Series(np.asarray(apply_tariff_columns(kwh=df["kwh"], hour=df["when"].dt.hour)), index=df.index)'
      ],
      [
        'an iterrows loop appending per row',
        TARIFF +
          'costs = []\nfor index, row in df.iterrows():\n    used = row["kwh"]\n    hour = row["when"].hour\n    costs.append(apply_tariff(used, hour))\n',
        'used = df["kwh"]\nhour = df["when"].dt.hour\ncosts.extend(np.asarray(apply_tariff_columns(used, hour)).tolist())'
      ],
      [
        'an iterrows loop inside a function',
        TARIFF +
          'def loop(df):\n    costs = []\n    for i, row in df.iterrows():\n        used = row["kwh"]\n        costs.append(apply_tariff(used, row["when"].hour))\n    df["cost"] = costs\n\nloop(df)\n',
        '    used = df["kwh"]\n    costs.extend(np.asarray(apply_tariff_columns(used, df["when"].dt.hour)).tolist())'
      ],
      [
        'itertuples attributes in a loop',
        'incomes = []\nfor p in products.itertuples():\n    incomes.append(p.sales * p.unit_price)\n',
        'incomes.extend(np.asarray(products["sales"] * products["unit_price"]).tolist())'
      ]
    ])('%s: the column version', (_, cell, line) => {
      const code = template('numpy-vectorise', cell);
      expect(code).toContain(line);
      expect(code).not.toContain('TO FINISH');
      if (cell.includes('apply_tariff')) {
        expect(code).toContain(
          `def apply_tariff_columns(kwh, hour):\n${TARIFF_COLUMNS}`
        );
      }
      expect(verify('numpy-vectorise', cell)).toContain('.verify(');
    });

    it('a comprehension over itertuples(index=False) passes every column, and the value is shown once', () => {
      const cell =
        'import math\n\ndef dist(a, b):\n    k = math.pi / 180\n    return math.hypot(a * k, b * k)\n\npd.Series([dist(*x) for x in pairs.itertuples(index=False)], index=pairs.index)\n';
      const code = template('numpy-vectorise', cell);
      expect(code).toContain(
        'pd.Series(np.asarray(dist_columns(*[pairs[c] for c in pairs.columns])).tolist(), index=pairs.index)'
      );
      expect(code).toContain('    return np.hypot(a * k, b * k)');
      // The original's expression is not run again after the rewrite.
      expect(code).not.toContain('[dist(*x) for x in');
    });

    it('a function that fills its DataFrame argument: the check compares the frame passed in', () => {
      const cell =
        TARIFF +
        'def fill(frame):\n    frame["cost"] = frame.apply(lambda r: apply_tariff(r["kwh"], r["hour"]), axis=1)\n\nfill(df)\n';
      expect(verify('numpy-vectorise', cell)).toMatch(/outputs=\["df"/);
    });

    it.each([
      [
        'a row loop that prints',
        'out = []\nfor i, row in df.iterrows():\n    print(row["a"])\n    out.append(row["a"] * 2)\n'
      ],
      [
        'a row function whose branch reads what it assigns',
        'def f(x):\n    if x > 0:\n        y = 1\n        z = y + x\n    else:\n        y = 2\n        z = y\n    return z\n\nout = df.apply(lambda r: f(r["a"]), axis=1)\n'
      ]
    ])('%s: left for the user to finish', (_, cell) => {
      expect(template('numpy-vectorise', cell)).toContain('TO FINISH');
    });
  });

  // Python Data Science Handbook: np.fromiter over a generator of element-wise sums.
  it.each([
    [
      'an element-wise generator over zip, counted by the length of what it runs over',
      'z = np.fromiter((xi + yi for xi, yi in zip(x, y)), dtype=x.dtype, count=len(x))\n',
      'z = np.asarray(x_arr + y_arr, dtype=x.dtype)'
    ],
    [
      'math on each element',
      'import math\nz = np.fromiter((math.sqrt(v) * 2 for v in values), float)\n',
      'z = np.asarray(np.sqrt(values_arr) * 2, dtype=float)'
    ]
  ])(
    'numpy-vectorise on np.fromiter of %s: the array expression',
    (_, cell, line) => {
      const code = template('numpy-vectorise', cell);
      expect(code).toContain(line);
      expect(code).not.toContain('TO FINISH');
      expect(verify('numpy-vectorise', cell)).toContain('outputs=["z"]');
    }
  );

  it('numpy-vectorise keeps np.fromiter with a count shorter than its input', () => {
    const code = template(
      'numpy-vectorise',
      'z = np.fromiter((v * 2 for v in values), float, 10)\n'
    );
    expect(code).not.toContain('np.asarray(values_arr * 2');
  });

  // QuantEcon's grid search: a function evaluated on every pair of two grids, the best kept.
  describe('numpy-vectorise on nested loops over two grids', () => {
    const F =
      'def f(x, y):\n    return np.cos(x**2 + y**2) / (1 + x**2 + y**2)\n\n';
    it.each([
      [
        'a running maximum',
        F +
          'm = -np.inf\nfor x in grid:\n    for y in grid:\n        z = f(x, y)\n        if z > m:\n            m = z\n',
        'x_grid, y_grid = np.meshgrid(np.asarray(grid), np.asarray(grid), indexing="ij")\nz_grid = f_columns(x_grid, y_grid)\nm = max(m, np.nanmax(z_grid))',
        'outputs=["m"]'
      ],
      [
        'a running minimum over two different sequences',
        'best = 1e9\nfor a in xs:\n    for b in ys:\n        d = (a - b) ** 2\n        if d < best:\n            best = d\n',
        'a_grid, b_grid = np.meshgrid(np.asarray(xs), np.asarray(ys), indexing="ij")\nd_grid = (a_grid - b_grid) ** 2\nbest = min(best, np.nanmin(d_grid))',
        'outputs=["best"]'
      ]
    ])('%s: one grid, reduced once', (_, cell, code, outputs) => {
      expect(template('numpy-vectorise', cell)).toContain(code);
      expect(verify('numpy-vectorise', cell)).toContain(outputs);
    });

    it.each([
      [
        'a distance table of a list of points, as a list of lists',
        'D = [[0.0] * n for _ in range(n)]\nfor i in range(n):\n    for j in range(n):\n        D[i][j] = math.sqrt((pts[i][0] - pts[j][0]) ** 2 + (pts[i][1] - pts[j][1]) ** 2)\n',
        [
          'pts_arr = np.asarray(pts)',
          'for i, _row in enumerate(np.broadcast_to(np.sqrt((pts_arr[i_grid][..., 0] - pts_arr[j_grid][..., 0]) ** 2 + (pts_arr[i_grid][..., 1] - pts_arr[j_grid][..., 1]) ** 2), (n, n)).tolist()):',
          '    D[i][:n] = _row'
        ].join('\n')
      ],
      [
        'an array filled by position pairs',
        'def k(a, b):\n    d = a - b\n    return math.exp(-d * d)\n\nK = np.zeros((n, m))\nfor i in range(n):\n    for j in range(m):\n        K[i, j] = k(x[i], y[j])\n',
        'K[:n, :m] = np.broadcast_to(k_columns(x_arr[i_grid], y_arr[j_grid]), (n, m))'
      ]
    ])('%s: filled from one grid', (_, cell, code) => {
      expect(template('numpy-vectorise', cell)).toContain(code);
    });

    it('a table whose values read the table itself is not filled from a grid', () => {
      const cell =
        'for i in range(n):\n    for j in range(n):\n        T[i][j] = T[i][j - 1] + 1 if j else 1\n';
      expect(template('numpy-vectorise', cell)).not.toContain('np.meshgrid');
    });

    it('a sum the inner loop can take alone keeps the outer loop (no grid in memory)', () => {
      const code = template(
        'numpy-vectorise',
        'total = 0.0\nfor a in xs:\n    for b in ys:\n        total += a * b\n'
      );
      expect(code).toContain('for a in xs:');
      expect(code).not.toContain('np.meshgrid');
    });

    it('an inner range that depends on the outer value is not a grid', () => {
      const cell =
        'total = 0.0\nfor a in range(n):\n    for b in range(a):\n        total += a * b\n';
      expect(template('numpy-vectorise', cell)).not.toContain('np.meshgrid');
    });
  });

  it('numpy-vectorise on a loop it cannot take says so about the loop', () => {
    const cell =
      'out = []\nfor x in xs:\n    if x > 0:\n        break\n    out.append(x)\n';
    const code = template('numpy-vectorise', cell);
    expect(code).toContain('TO FINISH:');
    expect(code).not.toContain('pandas');
  });

  it('numpy-vectorise turns a sum over a sequence and if/else into array reductions', () => {
    const code = template(
      'numpy-vectorise',
      'acc = 0\nfor v in samples:\n    acc += v if v > 0 else -v\n'
    );
    expect(code).toContain('samples_arr = np.asarray(samples)');
    expect(code).toContain(
      'acc += np.sum(np.where(samples_arr > 0, samples_arr, -samples_arr)).item()'
    );
  });

  // Loop bodies with an `if`, neighbour offsets and boolean logic, in the shapes of public code:
  // parallel-python's calc_pi (count under an if), ichec's loop_it (a[i] - a[i-1]), a threshold.
  it.each([
    [
      'a count under an if, as count_nonzero of a mask',
      'M = 0\nfor i in range(N):\n    x = random.uniform(-1, 1)\n    y = random.uniform(-1, 1)\n    if x*x + y*y < 1.0: M += 1\n',
      'M += np.count_nonzero(x*x + y*y < 1.0)'
    ],
    [
      'a conditional sum with an else, as np.where',
      'acc = 0.0\nfor v in values:\n    if v > 0:\n        acc += v\n    else:\n        acc += 2 * v\n',
      'acc += np.sum(np.where(values_arr > 0, values_arr, 2 * values_arr)).item()'
    ],
    [
      'a conditional sum without else, zero elsewhere',
      'total = 0.0\nfor v in values:\n    if v > lo and v < hi:\n        total += v\n',
      'total += np.sum(np.where((values_arr > lo) & (values_arr < hi), values_arr, 0)).item()'
    ],
    [
      'a threshold into an element, keeping the others',
      'for i in range(len(a)):\n    if a[i] > 0.5:\n        b[i] = 1.0\n',
      'b[:] = np.where(a_arr > 0.5, 1.0, b[:])'
    ],
    [
      'element-wise if/else assignment',
      'for i in range(n):\n    if x[i] < 0:\n        y[i] = -x[i]\n    else:\n        y[i] = x[i] ** 2\n',
      'y[:n] = np.where(x_arr[:n] < 0, -x_arr[:n], x_arr[:n] ** 2)'
    ],
    [
      'the elements that pass, appended',
      'kept = []\nfor v in values:\n    if not v < 0:\n        kept.append(v * 2)\n',
      'kept = np.broadcast_to(values_arr * 2, np.shape(~(values_arr < 0)))[~(values_arr < 0)]'
    ],
    [
      'a chained comparison, as two linked by &',
      'inside = 0\nfor v in values:\n    if 0 <= v < 1:\n        inside += 1\n',
      'inside += np.count_nonzero((0 <= values_arr) & (values_arr < 1))'
    ],
    [
      'neighbour differences, as shifted slices',
      'for i in range(1, len(arr)):\n    dif[i-1] = arr[i] - arr[i-1]\n',
      'dif[0:len(arr) - 1] = arr_arr[1:len(arr)] - arr_arr[0:len(arr) - 1]'
    ],
    [
      'a forward difference, shifted up',
      'for i in range(n - 1):\n    d[i] = u[i + 1] - u[i]\n',
      'd[:n - 1] = u_arr[1:n - 1 + 1] - u_arr[:n - 1]'
    ]
  ])('numpy-vectorise rewrites %s', (_, source, expected) => {
    const code = template('numpy-vectorise', source);
    expect(code).toContain(expected);
    expect(code).not.toContain('TO FINISH');
  });

  it('numpy-vectorise rewrites the inner loop of a nest and keeps the outer one (uppmax integration2d)', () => {
    const cell =
      'def integrate(n):\n    h = math.pi / float(n)\n    mysum = 0.0\n    for i in range(n):\n        x = h * (i + 0.5)\n        for j in range(n):\n            y = h * (j + 0.5)\n            mysum += math.sin(x + y)\n    return h**2 * mysum\n\nintegral = integrate(500)\n';
    const code = template('numpy-vectorise', cell);
    expect(code).toContain(
      '    for i in range(n):\n        x = h * (i + 0.5)\n        # was: for j in range(n): ...\n        j_values = np.arange(n, dtype=np.float64)\n        y = h * (j_values + 0.5)\n        mysum += np.sum(np.sin(x + y)).item()\n    return h**2 * mysum'
    );
    expect(code).not.toContain('TO FINISH');
    expect(verify('numpy-vectorise', cell)).toContain('outputs=["integral"]');
  });

  it('numpy-vectorise rewrites the space loop of a time-stepping while loop (cfd-python step 1)', () => {
    const cell =
      't = 0\nwhile t < nt:\n    un = u.copy()\n    for i in range(1, nx):\n        u[i] = un[i] - c * dt / dx * (un[i] - un[i - 1])\n    t += 1\n';
    const code = template('numpy-vectorise', cell);
    expect(code).toContain(
      '    u[1:nx] = un_arr[1:nx] - c * dt / dx * (un_arr[1:nx] - un_arr[0:nx - 1])\n    t += 1'
    );
    expect(code).not.toContain('TO FINISH');
  });

  it.each([
    [
      'if/else on membership (Python for Data Analysis get_counts)',
      'def get_counts(sequence):\n    counts = {}\n    for x in sequence:\n        if x in counts:\n            counts[x] += 1\n        else:\n            counts[x] = 1\n    return counts\n\ncounts = get_counts(time_zones)\n',
      'x'
    ],
    [
      'not-in first',
      'counts = {}\nfor x in sequence:\n    if x not in counts:\n        counts[x] = 1\n    else:\n        counts[x] += 1\n',
      'x'
    ],
    [
      'get with a default through an alias (Real Python count_elements)',
      'def count_elements(seq) -> dict:\n    counts = {}\n    get = counts.get\n    for i in seq:\n        counts[i] = get(i, 0) + 1\n    return counts\n\ncounted = count_elements(data)\n',
      'i'
    ],
    [
      'a defaultdict(int)',
      'counts = defaultdict(int)\nfor x in sequence:\n    counts[x] += 1\n',
      'x'
    ]
  ])(
    'numpy-vectorise counts per key with collections.Counter: %s',
    (_, source, key) => {
      const code = template('numpy-vectorise', source);
      expect(code).toMatch(
        new RegExp(
          `for ${key}, ${key}_count in collections\\.Counter\\(seq(uence)?\\)\\.items\\(\\):`
        )
      );
      expect(code).toContain(
        `    counts[${key}] = counts.get(${key}, 0) + ${key}_count`
      );
      expect(code).not.toContain('TO FINISH');
    }
  );

  it.each([
    // a plain dict raises KeyError on a missing key: no count to take over
    [
      'd[x] += 1 on a plain dict',
      'counts = {}\nfor x in sequence:\n    counts[x] += 1\n'
    ],
    [
      'a count of another key',
      'counts = {}\nfor x in sequence:\n    counts[y] = counts.get(y, 0) + 1\n'
    ],
    [
      'a weight instead of 1',
      'counts = {}\nfor x in sequence:\n    counts[x] = counts.get(x, 0) + 2\n'
    ]
  ])('numpy-vectorise does not take %s for a count', (_, source) => {
    expect(template('numpy-vectorise', source)).not.toContain('Counter(');
  });

  it.each([
    [
      'a sum over itertuples (Real Python loop_sum)',
      'def loop_sum(websites):\n    total = 0\n    for website in websites.itertuples():\n        total += website.total_views\n    return total\n\nresult = loop_sum(websites)\n',
      'total += np.sum(websites["total_views"].to_numpy()).item()'
    ],
    [
      'a column built from iterrows fields',
      'costs = []\nfor index, row in df.iterrows():\n    used = row["energy_kwh"]\n    costs.append(used * 28 if row["peak"] > 0 else used * 12)\ndf["cost"] = costs\n',
      'costs = np.where(df["peak"].to_numpy() > 0, used * 28, used * 12)'
    ]
  ])(
    'numpy-vectorise reads a DataFrame row loop as its columns: %s',
    (_, source, expected) => {
      const code = template('numpy-vectorise', source);
      expect(code).toContain(expected);
      expect(code).not.toContain('TO FINISH');
    }
  );

  it('numpy-vectorise leaves a row loop that passes the whole row on', () => {
    const code = template(
      'numpy-vectorise',
      'out = []\nfor index, row in df.iterrows():\n    out.append(score(row) + row.x)\n'
    );
    expect(code).toContain('TO FINISH');
    expect(code).not.toContain('.to_numpy()');
  });

  it("numpy-vectorise writes a running sum as np.cumsum in the loop's own order (jrjohansson py_dcumsum)", () => {
    const code = template(
      'numpy-vectorise',
      'def py_dcumsum(a):\n    b = empty_like(a)\n    b[0] = a[0]\n    for n in range(1,len(a)):\n        b[n] = b[n-1]+a[n]\n    return b\n\nb = py_dcumsum(a)\n'
    );
    expect(code).toContain(
      '    b[1:len(a)] = np.cumsum(np.concatenate(([b[0]], np.broadcast_to(a_arr[1:len(a)], np.shape(b[1:len(a)])))))[1:]'
    );
  });

  it('numpy-vectorise knows the random module under an alias, and keeps an append of one value (ichec montecarlo_py)', () => {
    const code = template(
      'numpy-vectorise',
      'import random as rnd\n\ndef sample(n):\n    x = []\n    for i in range(n):\n        x.append(rnd.random())\n    return x\n\nxs = sample(100000)\n'
    );
    expect(code).toContain('x = np.random.random(i_values.shape)');
    const same = template(
      'numpy-vectorise',
      'def fill(n, v):\n    x = [1.0]\n    for i in range(n):\n        x.append(v)\n    return x\n\nxs = fill(100000, 2.0)\n'
    );
    expect(same).not.toContain('x.extend(np.asarray(v)');
  });

  it('numpy-vectorise keeps a loop that reads its running total as a loop', () => {
    const code = template(
      'numpy-vectorise',
      'total = 0.0\nfor i in range(n):\n    total += x[i]\n    y[i] = total\n'
    );
    expect(code).not.toContain('y[:n] = total');
    expect(code).not.toContain('np.sum(');
  });

  it.each([
    [
      'a 2-D neighbour sum, grid[i, j ± 1], row by row (CSC heat equation shape)',
      'for i in range(1, n - 1):\n    for j in range(1, m - 1):\n        new[i, j] = old[i, j - 1] + old[i, j + 1] - 2 * old[i, j]\n',
      '    new[i, 1:m - 1] = old_arr[i, 0:m - 1 - 1] + old_arr[i, 2:m - 1 + 1] - 2 * old_arr[i, 1:m - 1]'
    ],
    [
      'a threshold over lists of lists, rows[r][c]',
      'for r in range(len(rows)):\n    for c in range(len(rows[r])):\n        if rows[r][c] > 0.5:\n            mask[r][c] = 1\n',
      '    mask[r][:] = np.where(rows_r_arr > 0.5, 1, mask[r][:])'
    ]
  ])('numpy-vectorise writes %s', (_, source, expected) => {
    const code = template('numpy-vectorise', source);
    expect(code).toContain(expected);
    expect(code).not.toContain('TO FINISH');
  });

  it('numpy-vectorise gives each neighbouring row its own array (rougier game of life)', () => {
    const code = template(
      'numpy-vectorise',
      'def neighbours(Z, N):\n    for x in range(1, len(Z) - 1):\n        for y in range(1, len(Z[0]) - 1):\n            N[x][y] = Z[x-1][y] + Z[x+1][y]\n\nneighbours(Z, N)\n'
    );
    expect(code).toContain('Z_xm1_arr = np.asarray(Z[x-1])');
    expect(code).toContain('Z_xp1_arr = np.asarray(Z[x+1])');
    expect(code).toContain(
      '= Z_xm1_arr[1:len(Z[0]) - 1] + Z_xp1_arr[1:len(Z[0]) - 1]'
    );
  });

  it('numpy-vectorise checks the arrays a function fills in place, and keeps a carried maximum (hpda lap2d, numba jacobi)', () => {
    const lap =
      'def lap2d(u, unew):\n    M, N = u.shape\n    for i in range(1, M-1):\n        for j in range(1, N-1):\n            unew[i, j] = 0.25 * (u[i+1, j] + u[i-1, j] + u[i, j+1] + u[i, j-1])\n\nfor it in range(5):\n    lap2d(u, unew)\n';
    expect(verify('numpy-vectorise', lap)).toContain('outputs=["u", "unew"]');
    const carried = template(
      'numpy-vectorise',
      'def relax(A, B, m):\n    error = 0.0\n    for i in range(1, m - 1):\n        B[i] = 0.5 * (A[i - 1] + A[i + 1])\n        error = max(error, abs(B[i] - A[i]))\n    return error\n\nerr = relax(A, B, 100)\n'
    );
    expect(carried).not.toContain('error = np.maximum(error');
  });

  it('numpy-vectorise keeps a 2-D sweep that reads what it wrote (Gauss-Seidel) as a loop', () => {
    const code = template(
      'numpy-vectorise',
      'for i in range(1, n - 1):\n    for j in range(1, m - 1):\n        u[i, j] = 0.5 * (u[i, j - 1] + u[i, j + 1])\n'
    );
    expect(code).not.toContain('u[i, 1:m - 1] =');
  });

  it('numpy-vectorise keeps a recurrence, which reads what the loop wrote, as a loop', () => {
    const cell = 'for i in range(1, n):\n    a[i] = a[i - 1] * r + x[i]\n';
    const code = template('numpy-vectorise', cell);
    expect(code).not.toContain('a[1:n] =');
    expect(code).toContain('@numba.njit');
  });

  it.each([
    // a[i - 1] at i = 0 is a[-1], the last element: no slice of a reads the same.
    [
      'a neighbour before the start',
      'for i in range(n):\n    d[i] = u[i] - u[i - 1]\n'
    ],
    // `not a and b` is (not a) and b in Python; the parser nests it the other way.
    [
      '`not` before `and`',
      'c = 0\nfor v in xs:\n    if not v > 1 and v < 3:\n        c += 1\n'
    ],
    // `and` of numbers returns an operand, not a truth value.
    [
      '`and` of numbers',
      'c = 0\nfor v in xs:\n    if v and w:\n        c += 1\n'
    ],
    [
      'an if/elif chain',
      'for i in range(n):\n    if x[i] < 0:\n        y[i] = 0\n    elif x[i] < 1:\n        y[i] = 1\n'
    ],
    // range(n - 1, -1, -1) is no slice n-1:-1:-1 (that one is empty).
    [
      'a range counting down',
      'for i in range(n - 1, -1, -1):\n    y[i] = x[i] * 2\n'
    ]
  ])('numpy-vectorise leaves %s to the user (or to Numba)', (_, source) => {
    const code = template('numpy-vectorise', source);
    expect(code).not.toContain('np.count_nonzero');
    expect(code).not.toMatch(/:-1:-1\]|u_arr\[-1:/);
    expect(code).not.toContain('~(');
    expect(code).not.toContain('np.where');
  });

  it('numpy-vectorise draws one random number per element, never one for all', () => {
    expect(
      template(
        'numpy-vectorise',
        'import random\nys = []\nfor i in range(n):\n    ys.append(random.gauss(0, 1) * 2)\n'
      )
    ).toContain('ys = np.random.normal(0, 1, i_values.shape) * 2');
    expect(
      template(
        'numpy-vectorise',
        'xs = [np.random.rand() + np.random.normal() for t in range(n)]\n'
      )
    ).toContain(
      'xs = np.random.random(t_values.shape) + np.random.normal(size=t_values.shape)'
    );
    expect(
      template(
        'numpy-vectorise',
        'import random\nfor i in range(n):\n    y[i] = random.randint(1, 6)\n'
      )
    ).toContain('y[:n] = np.random.randint(1, (6) + 1, i_values.shape)');
    // A draw NumPy is not told how to make, or a bare name that `random` and `numpy.random`
    // both export with different meanings: the loop stays a loop.
    for (const body of [
      'import random\nfor i in range(n):\n    y[i] = random.betavariate(2, 5)\n',
      'from random import randint\nfor i in range(n):\n    y[i] = randint(1, 6)\n'
    ]) {
      expect(template('numpy-vectorise', body)).not.toMatch(/^y\[:n\] =/m);
    }
  });

  it('numpy-vectorise leaves a loop over a few items as it is, not a function called with few', () => {
    const code = template(
      'numpy-vectorise',
      'vals = [1, 3, 4, 6]\nfreq = [v * 2.0 for v in vals]\nbig = [x * 2.0 for x in range(1_000_000)]\n' +
        'def halves(vals):\n    out = [v * 0.5 for v in vals]\n    return out\n\nsmall = halves(vals)\n'
    );
    expect(code).toContain('freq = [v * 2.0 for v in vals]');
    expect(code).toContain('big = x_values * 2.0');
    expect(code).not.toContain('out = [v * 0.5 for v in vals]');
  });

  it('numpy-vectorise rewrites the loops inside the functions a cell defines', () => {
    const source = [
      'def transform(xs, scale):',
      '    out = []',
      '    for x in xs:',
      '        out.append(math.sqrt(x) * scale + 1.0)',
      '    return out',
      '',
      'def label(rows):',
      '    for r in rows:',
      '        print(r)',
      '',
      'result = transform(values, 3.0)',
      ''
    ].join('\n');
    const cells = renderTemplate('numpy-vectorise', context(source));
    expect(cells[0].source).toContain(
      [
        'def transform(xs, scale):',
        '    out = []',
        '    # was: for x in xs: ...',
        '    xs_arr = np.asarray(xs)',
        '    out = np.sqrt(xs_arr) * scale + 1.0',
        '    return out',
        '',
        'def label(rows):',
        '    for r in rows:'
      ].join('\n')
    );
    expect(cells[0].source).toContain('transform now works on whole arrays');
    expect(verify('numpy-vectorise', source)).toContain('outputs=["result"]');
    // the loop in label stays, and the note says where it is in the cell
    expect(cells[cells.length - 1].source).toContain('line 8');
  });

  it('numpy-vectorise says plainly what it could not rewrite, with a note cell', () => {
    const source =
      'out = []\nfor r in records:\n    if r.ok:\n        out.append(r.value)\n';
    const cells = renderTemplate('numpy-vectorise', context(source));
    expect(cells.map(cell => cell.cell_type)).toEqual(['code', 'markdown']);
    expect(cells[0].source).toContain('# TO FINISH');
    expect(cells[1].source).toContain('line 3');
  });

  it('numba-jit keeps a loop that updates shared elements sequential (pyperf n-body advance)', () => {
    const source =
      'def advance(dt, n, pairs):\n    for i in range(n):\n        for (v1, m1, v2, m2) in pairs:\n            v1[0] -= dt * m2\n            v2[0] += dt * m1\n\nadvance(0.01, 1000, PAIRS)\n';
    const code = template('numba-jit', source);
    expect(code).toContain('@numba.njit(cache=True)\ndef advance(');
    expect(code).not.toContain('numba.prange');
    expect(code).not.toContain('parallel=True');
    // its own element per iteration is no race
    const own =
      'def fill(n, out):\n    for i in range(n):\n        out[i] += i * 0.5\n\nfill(1000, buf)\n';
    expect(template('numba-jit', own)).toContain('numba.prange(n)');
  });

  it('numba-jit copies the function and uses prange only for independent loops', () => {
    const source =
      'def energy(n, k):\n    e = 0.0\n    for i in range(n):\n        e += k * i * i\n    return e\n\nresult = energy(1000, 0.5)\n';
    const code = template('numba-jit', source);
    expect(code).toContain('@numba.njit(cache=True, parallel=True)');
    expect(code).toContain('for i in numba.prange(n):');
    expect(code).toContain(
      'energy.compile(tuple(numba.typeof(arg) for arg in (1000, 0.5,)))'
    );
    expect(verify('numba-jit', source)).toContain(
      "new='''\\\nresult = energy(1000, 0.5)''',"
    );
    const carried =
      'def walk(n):\n    x = 0.0\n    for _ in range(n):\n        x = x * 0.5 + 1.0\n    return x\n\nend = walk(10)\n';
    expect(template('numba-jit', carried)).toContain(
      '@numba.njit(cache=True)\ndef walk(n):'
    );
    // code that looks for NaN keeps IEEE arithmetic
    const guarded =
      'def clean(n):\n    s = 0.0\n    for i in range(n):\n        v = math.log(i)\n        if not math.isnan(v):\n            s += v\n    return s\n\nt = clean(9)\n';
    expect(template('numba-jit', guarded)).toContain(
      '@numba.njit(cache=True)\ndef clean(n):'
    );
  });

  it.each([
    ['pathos', 'ProcessPool(nodes=n_workers)'],
    [
      'joblib',
      'Parallel(n_jobs=n_workers)(delayed(simulate_run)(item) for item in item_list)'
    ],
    [
      'concurrent.futures',
      'ProcessPoolExecutor(max_workers=n_workers, mp_context=context)'
    ]
  ] as [PoolLibrary, string][])(
    'pathos-pool maps the per-item function with %s',
    (pool, expected) => {
      const source =
        'params = [1, 2, 3]\nscores = []\nfor p in params:\n    scores.append(simulate_run(p))\n';
      const code = template('pathos-pool', source, pool);
      expect(code).toContain(expected);
      expect(code).toContain('sched_getaffinity');
      expect(code).toContain('scores = list(mapped)');
    }
  );

  it('pathos-pool wraps a multi-statement body in a per-item function', () => {
    const source =
      'totals = []\nfor f in files:\n    data = load(f)\n    totals.append(data.sum())\n';
    expect(template('pathos-pool', source)).toContain(
      'def totals_item(f):\n    data = load(f)\n    return data.sum()'
    );
  });

  it('gnu-parallel records the commands, runs them with parallel, then takes the finished runs', () => {
    const source =
      'logs = []\nfor name in inputs:\n    r = subprocess.run(["./solver", "--in", name], capture_output=True, text=True)\n    logs.append(r.stdout)\n';
    const code = template('gnu-parallel', source);
    expect(code).toContain(
      '    parallel_plan.run(["./solver", "--in", name], capture_output=True, text=True)\n'
    );
    expect(code).toContain('"--arg-file", str(work / "jobs.txt")');
    expect(code).toContain('apt-get install parallel');
    expect(code).toContain(
      '    r = parallel_runs.run(["./solver", "--in", name], capture_output=True, text=True)'
    );
  });

  it('dask-partition chunks the big array and runs on a LocalCluster closed by the check', () => {
    const source =
      'import numpy as np\ngrid = np.zeros(50_000_000)\nm = float((grid + 1).sum())\n';
    const cells = renderTemplate('dask-partition', context(source));
    expect(cells[0].source).toContain(
      'da.zeros(50_000_000, chunks=chunk_elements)'
    );
    expect(cells[0].source).toContain(
      'LocalCluster(n_workers=_cores, threads_per_worker=1'
    );
    expect(cells[1].source).toContain('client.close()');
  });

  it('multi-node uses the scheduler the probe saw', () => {
    const source =
      'import numpy as np\ngrid = np.zeros(50_000_000)\nm = float(grid.sum())\n';
    const slurm = template('multi-node', source, 'pathos', 'slurm');
    expect(slurm).toContain('SLURMCluster(cores=_cores');
    // no sbatch, or no worker in time: the LocalCluster, with the reason
    expect(slurm).toContain('if shutil.which("sbatch") is None:');
    expect(slurm).toContain('client.wait_for_workers(1, timeout=300)');
    expect(template('multi-node', source, 'pathos', 'pbs')).toContain(
      'shutil.which("qsub")'
    );
    expect(template('multi-node', source)).toContain('No batch scheduler');
  });

  it('profile-first profiles the cell and line-profiles its own functions', () => {
    const source =
      'def prep(n):\n    return list(range(n))\n\nitems = prep(10)\n';
    const cells = renderTemplate('profile-first', context(source));
    expect(cells[0].source).toContain('sort_stats("cumulative")');
    expect(cells[1].source).toContain('watched = ["prep"]');
    expect(cells.map(cell => cell.cell_type)).toEqual([
      'code',
      'code',
      'markdown'
    ]);
  });

  it('gpu templates fall back to the CPU with a message', () => {
    expect(template('gpu-library', DISTANCES)).toContain(
      'running the same code with NumPy'
    );
    const cuda = template(
      'numba-cuda',
      'acc = 0.0\nfor j in range(1, 500):\n    acc += math.exp(-j * rate)\n'
    );
    expect(cuda).toContain('@cuda.jit');
    expect(cuda).toContain('stride = cuda.gridsize(1)');
    expect(cuda).toContain(
      'acc_terms[blocks, threads_per_block](device_out, 1, rate)'
    );
    expect(cuda).toContain('No CUDA GPU here');
  });

  it('consistent-timing and compiled-extension fill in the cell', () => {
    expect(template('consistent-timing', DISTANCES)).toContain(
      'cv={100 * spread / mean:.1f}%'
    );
    const source = 'def step(a, b):\n    return a * b\n\nz = step(2.0, 3.0)\n';
    expect(template('compiled-extension', source)).toContain(
      'def step(double a, double b):'
    );
    expect(verify('compiled-extension', source)).toContain(
      'z = step(2.0, 3.0)'
    );
  });
});

describe('pyBlock', () => {
  it('writes code as a triple-quoted block when the text allows it', () => {
    expect(pyBlock("def f(x):\n    return 'a'\n")).toBe(
      "'''\\\ndef f(x):\n    return 'a'\n'''"
    );
    expect(pyBlock('print("a\\nb")')).toBe(JSON.stringify('print("a\\nb")'));
    expect(pyBlock("x = '''doc'''")).toBe(JSON.stringify("x = '''doc'''"));
    expect(pyBlock("x = 'a'")).toBe(JSON.stringify("x = 'a'"));
  });
});
