/**
 * Element-wise Python expressions -> NumPy array expressions. A loop's variables map to arrays;
 * `math.f(x)` becomes `np.f(x)`, `a[i]` the whole array `a`, `x if c else y` `np.where(c, x, y)`.
 * Anything with no array equivalent makes the translation fail (null) rather than guess.
 */
import type { SyntaxNode } from '@lezer/common';

import type { IParsed } from '../analysis/syntax';
import { children, descendants, textOf } from '../analysis/syntax';
import { isRandomDraw } from '../analysis/vocabulary';

/** math.* functions and their NumPy names. */
export const MATH_TO_NUMPY: Readonly<Record<string, string>> = {
  sin: 'sin',
  cos: 'cos',
  tan: 'tan',
  asin: 'arcsin',
  acos: 'arccos',
  atan: 'arctan',
  atan2: 'arctan2',
  sinh: 'sinh',
  cosh: 'cosh',
  tanh: 'tanh',
  asinh: 'arcsinh',
  acosh: 'arccosh',
  atanh: 'arctanh',
  exp: 'exp',
  expm1: 'expm1',
  log: 'log',
  log2: 'log2',
  log10: 'log10',
  log1p: 'log1p',
  sqrt: 'sqrt',
  fabs: 'abs',
  floor: 'floor',
  ceil: 'ceil',
  trunc: 'trunc',
  hypot: 'hypot',
  pow: 'power',
  isnan: 'isnan',
  isinf: 'isinf',
  isfinite: 'isfinite',
  degrees: 'degrees',
  radians: 'radians',
  copysign: 'copysign'
};

/** Built-ins with a NumPy element-wise equivalent, and how many arguments it takes (null: any). */
export const BUILTINS: Readonly<
  Record<string, { fn: string; arity: number | null }>
> = {
  abs: { fn: 'np.abs', arity: 1 },
  min: { fn: 'np.minimum', arity: 2 },
  max: { fn: 'np.maximum', arity: 2 },
  round: { fn: 'np.round', arity: null },
  float: { fn: 'np.float64', arity: 1 }
};

/** How the loop's names map to arrays while translating. */
export interface IVecScope {
  parsed: IParsed;
  /** Loop variables and loop temporaries -> the array expression standing for them. */
  vars: Map<string, string>;
  /** The loop variable used as an index, if the loop runs over a range. */
  index: string | null;
  /** `seq[index + offset]` -> the array expression standing for it (registers a hoisted array);
   * null when the shifted slice would not be the same elements (`a[i - 1]` from i = 0 wraps). */
  element: (sequence: string, offset: number, prefix: string) => string | null;
  /** Names bound to the math module (`math`, or an alias). */
  mathNames: ReadonlySet<string>;
  /** Names bound to the random module (`random`, or an alias such as `rnd`). */
  randomNames?: ReadonlySet<string>;
  /** Row variables of a DataFrame loop -> the frame whose columns their fields stand for. */
  rows?: ReadonlyMap<string, string>;
  /** The shape of one value per iteration (`i_values.shape`): what a random draw per element needs. */
  size?: string | null;
}

/**
 * Draws of `random.f(...)` -> NumPy's, given as (arguments -> NumPy call without the size):
 * the same distribution, one number per element. `randint` includes its upper end, NumPy's not.
 */
const RANDOM_TO_NUMPY: Readonly<
  Record<string, (args: string[]) => string | null>
> = {
  random: args => (args.length === 0 ? 'np.random.random(' : null),
  uniform: args =>
    args.length === 2 ? `np.random.uniform(${args[0]}, ${args[1]}, ` : null,
  gauss: args =>
    args.length === 2 ? `np.random.normal(${args[0]}, ${args[1]}, ` : null,
  normalvariate: args =>
    args.length === 2 ? `np.random.normal(${args[0]}, ${args[1]}, ` : null,
  expovariate: args =>
    args.length === 1 ? `np.random.exponential(1 / (${args[0]}), ` : null,
  randint: args =>
    args.length === 2
      ? `np.random.randint(${args[0]}, (${args[1]}) + 1, `
      : null,
  choice: args => (args.length === 1 ? `np.random.choice(${args[0]}, ` : null)
};
/** numpy.random's own draws that take a `size`, with the most arguments they take before it. */
const NUMPY_DRAWS: Readonly<Record<string, number>> = {
  random: 0,
  random_sample: 0,
  standard_normal: 0,
  uniform: 2,
  normal: 2,
  exponential: 1,
  poisson: 1,
  binomial: 2,
  randint: 2
};

/** NumPy's legacy draws without a `size`, and the ones with it that draw the same. */
const NUMPY_RENAMED: Readonly<Record<string, string>> = {
  rand: 'random',
  randn: 'standard_normal'
};

/**
 * The callee of a random draw: any `random.f` or `np.random.f` (each call draws anew, so none is
 * taken for a constant), or a bare name that one of them exports (`from random import uniform`).
 */
function drawName(scope: IVecScope, callee: SyntaxNode): string | null {
  const written = textOf(scope.parsed, callee).replace(/\s+/g, '');
  const owner = written.split('.')[0];
  const text =
    owner !== written && scope.randomNames?.has(owner)
      ? `random${written.slice(owner.length)}`
      : written;
  if (/^((np|numpy)\.)?random\.\w+$/.test(text)) {
    return text;
  }
  return /^\w+$/.test(text) && (isRandomDraw(text) || text in RANDOM_TO_NUMPY)
    ? text
    : null;
}

/** A random number drawn anew each iteration: the expression varies without reading the loop. */
function drawsRandom(scope: IVecScope, node: SyntaxNode): boolean {
  return descendants(node).some(
    item =>
      item.name === 'CallExpression' &&
      item.firstChild !== null &&
      drawName(scope, item.firstChild) !== null
  );
}

/** `random.uniform(0, 1)` -> `np.random.uniform(0, 1, i_values.shape)`, or null. */
function randomDraw(
  scope: IVecScope,
  callee: SyntaxNode,
  argList: SyntaxNode
): string | null {
  const name = drawName(scope, callee);
  if (name === null || !scope.size) {
    return null;
  }
  const args = children(argList)
    .filter(part => ![',', '(', ')'].includes(part.name))
    .map(part => textOf(scope.parsed, part));
  if (args.some(arg => /[=*]/.test(arg) || varies(scope, argList))) {
    return null; // keywords, unpacking, or parameters that change per element
  }
  const parts = name.split('.');
  const fn = parts[parts.length - 1];
  if (parts.length === 2 && parts[0] === 'random') {
    const start = RANDOM_TO_NUMPY[fn]?.(args);
    return start ? `${start}${scope.size})` : null;
  }
  if (parts.length === 3 && fn in NUMPY_RENAMED && args.length === 0) {
    return `np.random.${NUMPY_RENAMED[fn]}(${scope.size})`;
  }
  if (
    parts.length === 3 &&
    fn in NUMPY_DRAWS &&
    args.length <= NUMPY_DRAWS[fn]
  ) {
    return `np.random.${fn}(${[...args, `size=${scope.size}`].join(', ')})`;
  }
  return null; // a bare name: from random or from numpy.random, which differ
}

/** True when the expression reads a loop variable (so it varies per iteration). */
export function varies(scope: IVecScope, node: SyntaxNode): boolean {
  return (
    descendants(node).some(
      item =>
        item.name === 'VariableName' &&
        (scope.vars.has(textOf(scope.parsed, item)) ||
          !!scope.rows?.has(textOf(scope.parsed, item)))
    ) ||
    indexedSubscript(scope, node) !== null ||
    drawsRandom(scope, node)
  );
}

function indexedSubscript(
  scope: IVecScope,
  node: SyntaxNode
): SyntaxNode | null {
  if (scope.index === null) {
    return null;
  }
  return (
    descendants(node).find(item => subscriptOf(scope, item) !== null) ?? null
  );
}

/** A subscript of the loop's index: `seq[i]`, `seq[i + 1]`, `grid[r, j - 1]`, `rows[r][j]`. */
export interface IIndexed {
  /** What the loop's index indexes: `seq`, `grid`, or `rows[r]` for `rows[r][j]`. */
  sequence: string;
  /** The name at its root: `rows`. */
  root: string;
  /** The indices before the loop's own, fixed in the loop: `r, ` for `grid[r, j]`. */
  prefix: string;
  offset: number;
}

/**
 * For a subscript whose last index is the loop's index (`± k`, k a whole number) and whose other
 * parts do not change in the loop, what it indexes and the offset; else null.
 */
export function subscriptOf(
  scope: Pick<IVecScope, 'parsed' | 'index' | 'vars'>,
  node: SyntaxNode
): IIndexed | null {
  if (node.name !== 'MemberExpression' || scope.index === null) {
    return null;
  }
  const parts = children(node);
  const indices = parts.slice(2, -1).filter(part => part.name !== ',');
  const base = parts[0];
  if (
    parts.length < 4 ||
    parts[1].name !== '[' ||
    parts[parts.length - 1].name !== ']' ||
    indices.length === 0 ||
    (base.name !== 'VariableName' && base.name !== 'MemberExpression')
  ) {
    return null;
  }
  const offset = indexOffset(
    scope.parsed,
    indices[indices.length - 1],
    scope.index
  );
  const fixed = [base, ...indices.slice(0, -1)];
  const root = /^[A-Za-z_]\w*/.exec(textOf(scope.parsed, base))?.[0];
  const moves = (part: SyntaxNode) =>
    descendants(part).some(item => {
      const name =
        item.name === 'VariableName' ? textOf(scope.parsed, item) : '';
      return name === scope.index || scope.vars.has(name);
    });
  if (offset === null || root === undefined || fixed.some(moves)) {
    return null;
  }
  return {
    sequence: textOf(scope.parsed, base),
    root,
    prefix: indices
      .slice(0, -1)
      .map(part => `${textOf(scope.parsed, part)}, `)
      .join(''),
    offset
  };
}

/** 0 for `i`, k for `i + k` or `k + i`, -k for `i - k`; null for anything else. */
function indexOffset(
  parsed: IParsed,
  node: SyntaxNode,
  index: string
): number | null {
  if (node.name === 'VariableName') {
    return textOf(parsed, node) === index ? 0 : null;
  }
  const parts = children(node);
  if (node.name !== 'BinaryExpression' || parts.length !== 3) {
    return null;
  }
  const [left, op, right] = parts.map(part => textOf(parsed, part));
  const whole = (text: string) => (/^\d+$/.test(text) ? Number(text) : null);
  if (left === index && (op === '+' || op === '-') && whole(right) !== null) {
    return op === '+' ? whole(right)! : -whole(right)!;
  }
  if (right === index && op === '+' && whole(left) !== null) {
    return whole(left);
  }
  return null;
}

/** The array expression for an element-wise expression, or null when it has none. */
export function vectorise(scope: IVecScope, node: SyntaxNode): string | null {
  const { parsed } = scope;
  if (!varies(scope, node)) {
    return textOf(parsed, node);
  }
  switch (node.name) {
    case 'VariableName':
      // a whole row has no array form; its fields do
      return scope.rows?.has(textOf(parsed, node))
        ? null
        : (scope.vars.get(textOf(parsed, node)) ?? textOf(parsed, node));
    case 'MemberExpression': {
      const field = rowField(scope, node);
      if (field !== undefined) {
        return field;
      }
      const indexed = subscriptOf(scope, node);
      return indexed === null
        ? null
        : scope.element(indexed.sequence, indexed.offset, indexed.prefix);
    }
    case 'CallExpression':
      return call(scope, node);
    case 'ConditionalExpression': {
      const parts = children(node).filter(
        part => !['if', 'else'].includes(part.name)
      );
      if (parts.length !== 3) {
        return null;
      }
      const [yes, test, no] = parts.map(part => vectorise(scope, part));
      return yes && test && no ? `np.where(${test}, ${yes}, ${no})` : null;
    }
    case 'BinaryExpression':
      return isLogical(node)
        ? logical(scope, node)
        : comparisonLinks(node).length > 1
          ? chained(scope, node)
          : rebuild(scope, node);
    case 'UnaryExpression':
      return node.firstChild?.name === 'not'
        ? negated(scope, node)
        : rebuild(scope, node);
    case 'ParenthesizedExpression':
      return rebuild(scope, node);
    default:
      return null;
  }
}

/**
 * `row.col` or `row["col"]` of a DataFrame loop's row -> `df["col"].to_numpy()`, `row.Index`
 * -> the index; null for other reads of a row, undefined when the node is no row's field.
 */
function rowField(
  scope: IVecScope,
  node: SyntaxNode
): string | null | undefined {
  const parts = children(node);
  const frame =
    parts[0]?.name === 'VariableName'
      ? scope.rows?.get(textOf(scope.parsed, parts[0]))
      : undefined;
  if (frame === undefined) {
    return undefined;
  }
  const field =
    parts.length === 3 && parts[1].name === '.'
      ? textOf(scope.parsed, parts[2])
      : parts.length === 4 &&
          parts[1].name === '[' &&
          parts[2].name === 'String'
        ? textOf(scope.parsed, parts[2]).slice(1, -1)
        : null;
  if (field === null || !/^\w+$/.test(field)) {
    return null;
  }
  return field === 'Index' && parts[1].name === '.'
    ? `${frame}.index.to_numpy()`
    : `${frame}["${field}"].to_numpy()`;
}

function isComparison(node: SyntaxNode): boolean {
  return (
    node.name === 'BinaryExpression' && node.getChild('CompareOp') !== null
  );
}

function isLogical(node: SyntaxNode): boolean {
  return (
    node.name === 'BinaryExpression' &&
    (node.getChild('and') !== null || node.getChild('or') !== null)
  );
}

/** A comparison, `not`, or `and`/`or` of those: true or false per element, so `&`, `|`, `~`
 * compute what `and`, `or`, `not` did (on other values `and` returns an operand, `&` bits). */
function isTruth(node: SyntaxNode): boolean {
  const parts = children(node);
  switch (node.name) {
    case 'ParenthesizedExpression':
      return parts.length === 3 && isTruth(parts[1]);
    case 'UnaryExpression':
      return parts[0]?.name === 'not' && !!parts[1] && isTruth(parts[1]);
    case 'BinaryExpression':
      return isLogical(node)
        ? parts.length === 3 && isTruth(parts[0]) && isTruth(parts[2])
        : isComparison(node) && parts.length === 3;
    default:
      return false;
  }
}

/** `a and b` -> `(A) & (B)`, `a or b` -> `(A) | (B)` for truth values; else null. */
function logical(scope: IVecScope, node: SyntaxNode): string | null {
  if (!isTruth(node)) {
    return null;
  }
  const [left, op, right] = children(node);
  const [a, b] = [vectorise(scope, left), vectorise(scope, right)];
  return a && b ? `(${a}) ${op.name === 'and' ? '&' : '|'} (${b})` : null;
}

/** `not c` -> `~(C)`. Not over a bare `and`/`or`: the parser reads `not a and b` as
 * `not (a and b)`, which is not what Python computes. */
function negated(scope: IVecScope, node: SyntaxNode): string | null {
  const operand = children(node)[1];
  if (!operand || !isTruth(node) || isLogical(operand)) {
    return null;
  }
  const inner = vectorise(scope, operand);
  return inner === null ? null : `~(${inner})`;
}

/** `a < b < c` as its links, [a, <, b] and [b, <, c]; one link for a plain comparison. */
function comparisonLinks(node: SyntaxNode): SyntaxNode[][] {
  const parts = children(node);
  if (!isComparison(node) || parts.length !== 3) {
    return [];
  }
  const [left, op, right] = parts;
  return isComparison(left)
    ? [...comparisonLinks(left), [children(left)[2], op, right]]
    : [parts];
}

/** A chained comparison, which arrays cannot evaluate at once: `(A < B) & (B < C)`. */
function chained(scope: IVecScope, node: SyntaxNode): string | null {
  const links = comparisonLinks(node).map(([left, op, right]) => {
    const [a, b] = [vectorise(scope, left), vectorise(scope, right)];
    return a && b ? `(${a} ${textOf(scope.parsed, op)} ${b})` : null;
  });
  return links.some(link => link === null) ? null : links.join(' & ');
}

/** Rebuilds a node from its translated children, keeping the text between them. */
function rebuild(scope: IVecScope, node: SyntaxNode): string | null {
  const { parsed } = scope;
  let out = '';
  let at = node.from;
  for (const child of children(node)) {
    if (['and', 'or', 'not', 'in', 'is'].includes(child.name)) {
      return null; // boolean logic on arrays needs &, |, ~: left to the user
    }
    const text = vectorise(scope, child);
    if (text === null) {
      return null;
    }
    out += parsed.text.slice(at, child.from) + text;
    at = child.to;
  }
  return out + parsed.text.slice(at, node.to);
}

function call(scope: IVecScope, node: SyntaxNode): string | null {
  const { parsed } = scope;
  const [callee, argList] = children(node);
  if (!callee || !argList || argList.name !== 'ArgList') {
    return null;
  }
  if (drawName(scope, callee) !== null) {
    return randomDraw(scope, callee, argList);
  }
  const args = rebuild(scope, argList);
  if (args === null) {
    return null;
  }
  const argCount = children(argList).filter(
    part => ![',', '(', ')'].includes(part.name)
  ).length;
  if (callee.name === 'MemberExpression') {
    const parts = children(callee);
    const owner = parts[0] ? textOf(parsed, parts[0]) : '';
    const prop = parts[2] ? textOf(parsed, parts[2]) : '';
    if (
      parts.length === 3 &&
      scope.mathNames.has(owner) &&
      prop in MATH_TO_NUMPY
    ) {
      if (prop === 'log' && argCount !== 1) {
        return null;
      }
      return `np.${MATH_TO_NUMPY[prop]}${args}`;
    }
    if (owner === 'np' || owner === 'numpy') {
      return `${textOf(parsed, callee)}${args}`; // already a ufunc
    }
    return null;
  }
  if (callee.name === 'VariableName') {
    const builtin = BUILTINS[textOf(parsed, callee)];
    if (builtin && (builtin.arity === null || builtin.arity === argCount)) {
      return `${builtin.fn}${args}`;
    }
  }
  return null;
}
