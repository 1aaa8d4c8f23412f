/**
 * Array shapes the code states: numpy constructors (`np.zeros((3000, 3000))`, `np.arange(n)`,
 * `np.linspace(0, 1, 50)`, `np.random.rand(n, m)`) and random generators
 * (`rng.standard_normal(size)`). Undefined whenever a dimension is not known.
 */
import type { SyntaxNode } from '@lezer/common';

import type { IEvalContext } from './constants';
import { evalNumber, rangeCount } from './constants';
import type { SourceText } from './syntax';
import { dottedName, splitArguments } from './syntax';

/** A call's arguments, with the evaluators a shape reader needs. */
interface IShapeArguments {
  positional: SyntaxNode[];
  /** The argument at a position or by keyword. */
  arg(index: number, keyword: string): SyntaxNode | undefined;
  number(node: SyntaxNode | undefined): number | undefined;
  /** A shape argument: `n`, `(3000, 3000)`, `[n, m]`. */
  shape(node: SyntaxNode | undefined): number[] | undefined;
}

type ShapeReader = (args: IShapeArguments) => number[] | undefined;

const fromShape: ShapeReader = a => a.shape(a.arg(0, 'shape'));
const fromDims: ShapeReader = a =>
  a.positional.length > 0
    ? known(a.positional.map(node => a.number(node)))
    : undefined;
const square: ShapeReader = a => {
  const n = a.number(a.positional[0]);
  return n === undefined ? undefined : [n, n];
};

/** numpy functions (after `numpy.`) and how their arguments give the shape. */
const NUMPY_SHAPES = new Map<string, ShapeReader>([
  ['zeros', fromShape],
  ['ones', fromShape],
  ['empty', fromShape],
  ['full', fromShape],
  ['eye', square],
  ['identity', square],
  ['random.rand', fromDims],
  ['random.randn', fromDims],
  [
    'arange',
    a => {
      const values = known(a.positional.map(node => a.number(node)));
      const count = values ? rangeCount(values) : undefined;
      return count === undefined ? undefined : [count];
    }
  ],
  [
    'linspace',
    a => {
      const num = a.arg(2, 'num');
      const count = num ? a.number(num) : 50;
      return count === undefined ? undefined : [count];
    }
  ]
]);

/** Where the `size` argument sits in numpy's random functions and Generator methods. */
const SIZE_ARGUMENT = new Map<string, number>([
  ['random', 0],
  ['random_sample', 0],
  ['standard_normal', 0],
  ['normal', 2],
  ['uniform', 2],
  ['randint', 2],
  ['integers', 2],
  ['exponential', 1],
  ['poisson', 1]
]);

/** The shape of the array a call makes, when its arguments say. */
export function arrayShape(
  call: SyntaxNode,
  ctx: IEvalContext
): number[] | undefined {
  const callee = call.firstChild;
  const name = callee ? dottedName(callee, ctx.src) : null;
  if (!callee || !name) {
    return undefined;
  }
  const qualified = ctx.qualifier.qualify(name);
  const inNumpy = qualified.startsWith('numpy.')
    ? qualified.slice('numpy.'.length)
    : null;
  const reader = inNumpy !== null ? NUMPY_SHAPES.get(inNumpy) : undefined;
  const sizeAt = SIZE_ARGUMENT.get(name.slice(name.lastIndexOf('.') + 1));
  if (!reader && sizeAt === undefined) {
    return undefined;
  }
  const args = shapeArguments(call, ctx);
  if (reader) {
    return reader(args);
  }
  const generator =
    inNumpy !== null
      ? inNumpy.startsWith('random.')
      : isGeneratorCall(callee, ctx);
  return generator && sizeAt !== undefined
    ? args.shape(args.arg(sizeAt, 'size'))
    : undefined;
}

/** The first dimension of the array a call makes, when known. */
export function arrayLength(
  node: SyntaxNode,
  ctx: IEvalContext
): number | undefined {
  return node.name === 'CallExpression'
    ? arrayShape(node, ctx)?.[0]
    : undefined;
}

function shapeArguments(call: SyntaxNode, ctx: IEvalContext): IShapeArguments {
  const { positional, keywords } = splitArguments(call, ctx.src);
  const number = (node: SyntaxNode | undefined): number | undefined =>
    node ? evalNumber(node, ctx) : undefined;
  return {
    positional,
    arg: (index, keyword) => keywords.get(keyword) ?? positional[index],
    number,
    shape: node => (node ? shapeValue(node, ctx.src, number) : undefined)
  };
}

/** `rng.standard_normal(...)` on a generator object, not on a module such as `random`. */
function isGeneratorCall(callee: SyntaxNode, ctx: IEvalContext): boolean {
  const object = callee.name === 'MemberExpression' ? callee.firstChild : null;
  const name = object ? dottedName(object, ctx.src) : null;
  return (
    name !== null &&
    name !== 'random' &&
    !ctx.qualifier.isModule(name.split('.')[0])
  );
}

function shapeValue(
  node: SyntaxNode,
  src: SourceText,
  number: (node: SyntaxNode | undefined) => number | undefined
): number[] | undefined {
  if (node.name === 'ParenthesizedExpression') {
    const inner = node.firstChild?.nextSibling;
    return inner && inner.name !== ')'
      ? shapeValue(inner, src, number)
      : undefined;
  }
  if (node.name === 'TupleExpression' || node.name === 'ArrayExpression') {
    const items: SyntaxNode[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (!['(', ')', '[', ']', ','].includes(c.name)) {
        items.push(c);
      }
    }
    return known(items.map(number));
  }
  const value = number(node);
  return value === undefined ? undefined : [value];
}

/** The values when all are known and not negative. */
function known(values: (number | undefined)[]): number[] | undefined {
  return values.every(value => value !== undefined && value >= 0)
    ? (values as number[])
    : undefined;
}
