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

const BUILTINS: Readonly<Record<string, { fn: string; arity: number | null }>> =
  {
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
  /** `seq[index]` -> the array expression standing for it (registers a hoisted array). */
  element: (sequence: string) => string;
  /** Names bound to the math module (`math`, or an alias). */
  mathNames: ReadonlySet<string>;
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
  const text = textOf(scope.parsed, callee).replace(/\s+/g, '');
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
        scope.vars.has(textOf(scope.parsed, item))
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

/** For `seq[index]`, the name `seq`; otherwise null. */
function subscriptOf(scope: IVecScope, node: SyntaxNode): string | null {
  if (node.name !== 'MemberExpression') {
    return null;
  }
  const parts = children(node);
  if (
    parts.length === 4 &&
    parts[0].name === 'VariableName' &&
    parts[1].name === '[' &&
    parts[2].name === 'VariableName' &&
    textOf(scope.parsed, parts[2]) === scope.index
  ) {
    return textOf(scope.parsed, parts[0]);
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
      return scope.vars.get(textOf(parsed, node)) ?? textOf(parsed, node);
    case 'MemberExpression': {
      const sequence = subscriptOf(scope, node);
      return sequence === null ? null : scope.element(sequence);
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
    case 'UnaryExpression':
    case 'ParenthesizedExpression':
      return rebuild(scope, node);
    default:
      return null;
  }
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
