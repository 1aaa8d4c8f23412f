/**
 * Element-wise Python expressions -> NumPy array expressions. A loop's variables map to arrays;
 * `math.f(x)` becomes `np.f(x)`, `a[i]` the whole array `a`, `x if c else y` `np.where(c, x, y)`.
 * Anything with no array equivalent makes the translation fail (null) rather than guess.
 */
import type { SyntaxNode } from '@lezer/common';

import type { IParsed } from '../analysis/syntax';
import { children, descendants, textOf } from '../analysis/syntax';

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
}

/** True when the expression reads a loop variable (so it varies per iteration). */
export function varies(scope: IVecScope, node: SyntaxNode): boolean {
  return (
    descendants(node).some(
      item =>
        item.name === 'VariableName' &&
        scope.vars.has(textOf(scope.parsed, item))
    ) || indexedSubscript(scope, node) !== null
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
