import { parse, topStatements } from '../../analysis/syntax';
import { columnFunction } from '../numpy-vectorise/column-function';
import type { IRowContext } from '../numpy-vectorise/rows';
import { rowLoop } from '../numpy-vectorise/rows';

/** The first top-level loop of `code` in column form, functions `f` and `g` having column versions. */
function loopColumns(code: string): string | null {
  const parsed = parse(code);
  const loop = topStatements(parsed).find(n => n.name === 'ForStatement');
  const ctx: IRowContext = {
    parsed,
    columnFunction: name =>
      name === 'f' || name === 'g' ? `${name}_columns` : null,
    reNames: new Set(['re'])
  };
  return loop ? rowLoop(loop, ctx, '', code.slice(loop.to)) : null;
}

function columns(code: string): string | null {
  const parsed = parse(code);
  const def = topStatements(parsed).find(n => n.name === 'FunctionDefinition');
  return def ? (columnFunction(def, parsed)?.code ?? null) : null;
}

describe('row loops in column form', () => {
  it.each([
    [
      // realpython's apply_tariff_loop: positions, chained df.iloc[i][...]
      'positions read through df.iloc[i]',
      'costs = []\nfor i in range(len(df)):\n    used = df.iloc[i]["kwh"]\n    costs.append(f(used, df.iloc[i]["when"].hour))\n',
      'used = df["kwh"]\ncosts.extend(np.asarray(f_columns(used, df["when"].dt.hour)).tolist())'
    ],
    [
      'iterrows with arithmetic on two columns',
      'out = []\nfor _, r in frame.iterrows():\n    out.append(r["a"] * 2 + r["b"])\n',
      'out.extend(np.asarray(frame["a"] * 2 + frame["b"]).tolist())'
    ],
    [
      // realpython's loop_cumsum: a running sum kept in the list itself
      'a running sum kept in the list',
      'out = []\nfor p in products.itertuples():\n    income = p.sales * p.unit_price\n    if out:\n        out.append(out[-1] + income)\n    else:\n        out.append(income)\n',
      'income = products["sales"] * products["unit_price"]\nout.extend(np.cumsum(np.concatenate([out[-1:], np.asarray(income)]))[len(out[-1:]):].tolist())'
    ],
    [
      'a row value tested for membership',
      'out = []\nfor i, r in df.iterrows():\n    out.append(g(r["a"] not in SKIP))\n',
      'out.extend(np.asarray(g_columns(~df["a"].isin(SKIP))).tolist())'
    ],
    [
      'itertuples attributes',
      'out = []\nfor t in frame.itertuples():\n    out.append(g(t.a, t.b))\n',
      'out.extend(np.asarray(g_columns(frame["a"], frame["b"])).tolist())'
    ]
  ])('%s', (_, code, expected) => {
    expect(loopColumns(code)).toBe(expected);
  });

  it.each([
    [
      'the position used on its own',
      'out = []\nfor i in range(len(df)):\n    out.append(df.iloc[i]["a"] * i)\n'
    ],
    [
      "the row's label",
      'out = []\nfor i, r in df.iterrows():\n    out.append(r.name)\n'
    ],
    [
      'a print per row',
      'out = []\nfor i, r in df.iterrows():\n    print(r["a"])\n    out.append(r["a"])\n'
    ],
    [
      'a function without a column version',
      'out = []\nfor i, r in df.iterrows():\n    out.append(h(r["a"]))\n'
    ],
    [
      'a name of the last row read afterwards',
      'out = []\nfor i, r in df.iterrows():\n    v = r["a"]\n    out.append(v)\nprint(v)\n'
    ],
    [
      'the list read while it grows',
      'out = [0]\nfor i, r in df.iterrows():\n    out.append(out[-1] + r["a"])\n'
    ],
    [
      'a value carried from the row before',
      'out = []\nfor i, r in df.iterrows():\n    x = prev + r["a"]\n    prev = x\n    out.append(x)\n'
    ],
    [
      'a value carried by a plain name',
      'out = []\nfor i, r in df.iterrows():\n    x = prev\n    prev = r["a"]\n    out.append(x)\n'
    ],
    [
      'a running sum of another list',
      'out = []\nfor _, r in df.iterrows():\n    if out:\n        out.append(other[-1] + r["a"])\n    else:\n        out.append(r["a"])\n'
    ],
    [
      'a loop over a plain list',
      'out = []\nfor x in xs:\n    out.append(x * 2)\n'
    ]
  ])('%s: left alone', (_, code) => {
    expect(loopColumns(code)).toBeNull();
  });
});

describe('a row function in column form', () => {
  it('an if/elif/else chain assigning one name, with else: raise kept as a check', () => {
    const code = columns(
      'def f(kwh, hour):\n    """Doc."""\n    if 0 <= hour < 7:\n        rate = 12\n    elif 7 <= hour < 17 and not night:\n        rate = 20\n    else:\n        raise ValueError(hour)\n    return rate * kwh\n'
    );
    expect(code).toContain(
      '    if np.any(~(((0 <= hour) & (hour < 7)) | (((7 <= hour) & (hour < 17)) & (not night)))):\n        raise ValueError(hour)'
    );
    expect(code).toContain(
      '    rate = np.select([(0 <= hour) & (hour < 7), ((7 <= hour) & (hour < 17)) & (not night)], [12, 20], default=12)\n    return rate * kwh'
    );
  });

  it('a chain without else keeps the value from before it; x += is written so a column passed in is not changed', () => {
    expect(
      columns(
        'def f(x):\n    y = 0\n    if x > 1:\n        y = x\n    y += 1\n    return y\n'
      )
    ).toContain(
      '    y = 0\n    y = np.select([x > 1], [x], default=y)\n    y = y + (1)\n    return y'
    );
  });

  it.each([
    [
      'a loop in the body',
      'def f(x):\n    for k in range(3):\n        x = x + k\n    return x\n'
    ],
    ['no return', 'def f(x):\n    y = x * 2\n'],
    ['a return in the middle', 'def f(x):\n    return x\n    y = 1\n'],
    [
      'a branch assigning another name',
      'def f(x):\n    if x > 0:\n        y = 1\n    else:\n        z = 2\n    return y\n'
    ],
    [
      'a scalar test only',
      'def f(x, flag=True):\n    if DEBUG:\n        return 0\n    return x\n'
    ],
    ['*args', 'def f(*xs):\n    return xs\n']
  ])('%s: none', (_, code) => {
    expect(columns(code)).toBeNull();
  });
});
