/**
 * Numbers and sizes the code states with literals: `n = 8_000_000`, `range(1, n + 1)`,
 * `seeds = list(range(6))`, `np.zeros((3000, 3000))`. Only what is certain is computed; anything
 * else is undefined. Recursion is bounded so that absurdly nested expressions stay cheap.
 */
import type { SyntaxNode } from '@lezer/common';

import type { Qualifier } from './imports';
import type { SourceText } from './syntax';
import { children, COMPREHENSIONS, dottedName, splitArguments } from './syntax';

/** Known values at some point of the code. */
export interface IConstants {
  numbers: Map<string, number>;
  /** Sequence and first-dimension lengths. */
  lengths: Map<string, number>;
}

/** Everything the evaluators need besides the node. */
export interface IEvalContext {
  src: SourceText;
  constants: IConstants;
  qualifier: Qualifier;
}

const MAX_DEPTH = 24;

/** The numeric value of an expression built from literals and known names, or undefined. */
export function evalNumber(
  node: SyntaxNode,
  ctx: IEvalContext,
  depth = 0
): number | undefined {
  if (depth > MAX_DEPTH) {
    return undefined;
  }
  switch (node.name) {
    case 'Number':
      return parseNumber(ctx.src.of(node));
    case 'VariableName':
      return ctx.constants.numbers.get(ctx.src.of(node));
    case 'ParenthesizedExpression': {
      const inner = node.firstChild?.nextSibling;
      return inner ? evalNumber(inner, ctx, depth + 1) : undefined;
    }
    case 'UnaryExpression': {
      const operand = node.lastChild;
      const value = operand ? evalNumber(operand, ctx, depth + 1) : undefined;
      const op = node.firstChild ? ctx.src.of(node.firstChild) : '';
      return value === undefined
        ? undefined
        : op === '-'
          ? -value
          : op === '+'
            ? value
            : undefined;
    }
    case 'BinaryExpression':
      return evalBinary(node, ctx, depth);
    case 'CallExpression':
      return evalCall(node, ctx, depth);
    default:
      return undefined;
  }
}

function evalBinary(
  node: SyntaxNode,
  ctx: IEvalContext,
  depth: number
): number | undefined {
  const left = node.firstChild;
  const op = left?.nextSibling;
  const right = op?.nextSibling;
  if (!left || !op || !right || op.name !== 'ArithOp') {
    return undefined;
  }
  const a = evalNumber(left, ctx, depth + 1);
  const b = evalNumber(right, ctx, depth + 1);
  if (a === undefined || b === undefined) {
    return undefined;
  }
  const result = arithmetic(ctx.src.of(op), a, b);
  return result !== undefined && Number.isFinite(result) ? result : undefined;
}

function arithmetic(op: string, a: number, b: number): number | undefined {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? undefined : a / b;
    case '//':
      return b === 0 ? undefined : Math.floor(a / b);
    case '%':
      return b === 0 ? undefined : a - b * Math.floor(a / b);
    case '**':
      return a ** b;
    default:
      return undefined;
  }
}

/** Builtins whose result is a number computed from a known argument. */
const NUMBER_CALLS = new Set(['len', 'int', 'round', 'abs', 'float']);
/** Builtins whose result has as many items as their arguments (or a range). */
const SEQUENCE_CALLS = new Set([
  'range',
  'list',
  'tuple',
  'sorted',
  'reversed',
  'enumerate',
  'zip'
]);

/** `int(x)`, `len(xs)`, `round(x)`, `abs(x)` of known values. */
function evalCall(
  node: SyntaxNode,
  ctx: IEvalContext,
  depth: number
): number | undefined {
  const name = node.firstChild ? dottedName(node.firstChild, ctx.src) : null;
  if (name === null || !NUMBER_CALLS.has(name)) {
    return undefined;
  }
  const { positional } = splitArguments(node, ctx.src);
  if (positional.length !== 1) {
    return undefined;
  }
  if (name === 'len') {
    return lengthOf(positional[0], ctx, depth + 1);
  }
  const value = evalNumber(positional[0], ctx, depth + 1);
  if (value === undefined) {
    return undefined;
  }
  switch (name) {
    case 'int':
      return Math.trunc(value);
    case 'round':
      return Math.round(value);
    case 'abs':
      return Math.abs(value);
    case 'float':
      return value;
    default:
      return undefined;
  }
}

/** Parses a Python number literal (`8_000_000`, `1e6`, `0x10`); complex numbers are undefined. */
export function parseNumber(text: string): number | undefined {
  const plain = Number(text);
  if (Number.isFinite(plain)) {
    return plain; // the common case: 42, 0.5, 1e6
  }
  const clean = text.split('_').join('').toLowerCase();
  if (clean.endsWith('j')) {
    return undefined;
  }
  const prefixed =
    clean.length > 2 && clean[0] === '0' && 'xob'.includes(clean[1]);
  const value = prefixed
    ? parseInt(clean.slice(2), { x: 16, o: 8, b: 2 }[clean[1]] ?? 10)
    : Number(clean);
  return Number.isFinite(value) ? value : undefined;
}

/** How many items `range(...)` yields for known arguments. */
export function rangeCount(args: readonly number[]): number | undefined {
  const [start, stop, step] =
    args.length === 1
      ? [0, args[0], 1]
      : [args[0], args[1], args.length > 2 ? args[2] : 1];
  if (
    args.length === 0 ||
    args.length > 3 ||
    step === 0 ||
    stop === undefined
  ) {
    return undefined;
  }
  return Math.max(0, Math.ceil((stop - start) / step));
}

/** The length of a sequence expression (first dimension for arrays), or undefined. */
export function lengthOf(
  node: SyntaxNode,
  ctx: IEvalContext,
  depth = 0
): number | undefined {
  if (depth > MAX_DEPTH) {
    return undefined;
  }
  switch (node.name) {
    case 'VariableName':
      return ctx.constants.lengths.get(ctx.src.of(node));
    case 'ParenthesizedExpression': {
      const inner = node.firstChild?.nextSibling;
      return inner ? lengthOf(inner, ctx, depth + 1) : undefined;
    }
    case 'ArrayExpression':
    case 'TupleExpression':
      return literalLength(node);
    case 'BinaryExpression':
      return repeatedLength(node, ctx, depth);
    case 'CallExpression':
      return callLength(node, ctx, depth);
    default:
      return COMPREHENSIONS.has(node.name)
        ? comprehensionLength(node, ctx, depth)
        : undefined;
  }
}

/** Elements of `[a, b, c]` / `(a, b)`; undefined with a starred element. */
function literalLength(node: SyntaxNode): number | undefined {
  let count = 0;
  for (const c of children(node)) {
    if (c.name === '*') {
      return undefined;
    }
    if (
      c.name !== '[' &&
      c.name !== ']' &&
      c.name !== '(' &&
      c.name !== ')' &&
      c.name !== ','
    ) {
      count++;
    }
  }
  return count;
}

/** `[0.0] * n` and `n * [0.0]`. */
function repeatedLength(
  node: SyntaxNode,
  ctx: IEvalContext,
  depth: number
): number | undefined {
  const left = node.firstChild;
  const op = left?.nextSibling;
  const right = op?.nextSibling;
  if (!left || !op || !right || ctx.src.of(op) !== '*') {
    return undefined;
  }
  const [list, times] =
    left.name === 'ArrayExpression' ? [left, right] : [right, left];
  if (list.name !== 'ArrayExpression') {
    return undefined;
  }
  const items = literalLength(list);
  const count = evalNumber(times, ctx, depth + 1);
  return items !== undefined && count !== undefined ? items * count : undefined;
}

/** `[f(x) for x in xs]` has as many items as xs when there is one `for` and no `if`. */
function comprehensionLength(
  node: SyntaxNode,
  ctx: IEvalContext,
  depth: number
): number | undefined {
  const kids = children(node);
  const fors = kids.filter(c => c.name === 'for');
  if (fors.length !== 1 || kids.some(c => c.name === 'if')) {
    return undefined;
  }
  const inKeyword = kids.findIndex(c => c.name === 'in');
  const iterable = inKeyword >= 0 ? kids[inKeyword + 1] : undefined;
  return iterable ? lengthOf(iterable, ctx, depth + 1) : undefined;
}

function callLength(
  node: SyntaxNode,
  ctx: IEvalContext,
  depth: number
): number | undefined {
  const name = node.firstChild ? dottedName(node.firstChild, ctx.src) : null;
  if (name === null || !SEQUENCE_CALLS.has(name)) {
    // Arrays (np.zeros(n), ...) are sized by ./arrays.ts, which builds on this file.
    return undefined;
  }
  const { positional } = splitArguments(node, ctx.src);
  if (name === 'range') {
    const values = positional.map(arg => evalNumber(arg, ctx, depth + 1));
    return values.every(v => v !== undefined)
      ? rangeCount(values as number[])
      : undefined;
  }
  if (name !== 'zip') {
    return positional.length === 1
      ? lengthOf(positional[0], ctx, depth + 1)
      : undefined;
  }
  const lengths = positional.map(arg => lengthOf(arg, ctx, depth + 1));
  return lengths.length > 0 && lengths.every(v => v !== undefined)
    ? Math.min(...(lengths as number[]))
    : undefined;
}
