/**
 * What a loop iterates over: a range, a named sequence, files, data-frame rows, a literal, or
 * another call, with the number of items when the code (or the constants in scope) say.
 */
import type { SyntaxNode } from '@lezer/common';

import { arrayLength } from './arrays';
import type { IConstants, IEvalContext } from './constants';
import { lengthOf } from './constants';
import type { Qualifier } from './imports';
import type { SourceText } from './syntax';
import { callArguments, dottedName } from './syntax';
import type { IIterable } from './types';

/** What reading an iterable needs. */
export interface IIterableContext {
  src: SourceText;
  qualifier: Qualifier;
  constantsFor: (functionName: string | null) => IConstants;
}

const FILE_CALLS = new Set([
  'glob.glob',
  'glob.iglob',
  'os.listdir',
  'os.scandir',
  'os.walk'
]);
const FILE_METHODS = new Set(['glob', 'rglob', 'iterdir']);
const ROW_METHODS = new Set(['iterrows', 'itertuples']);
const SEQUENCE_CALLS = new Set(['sorted', 'list', 'tuple', 'reversed', 'set']);

/** What a loop iterates over, and how many items when the code says. */
export function readIterable(
  nodes: readonly SyntaxNode[],
  ctx: IIterableContext,
  inFunction: string | null
): IIterable | null {
  if (nodes.length === 0) {
    return null;
  }
  const text = ctx.src.text
    .slice(nodes[0].from, nodes[nodes.length - 1].to)
    .slice(0, 120);
  if (nodes.length > 1) {
    return { kind: 'literal', text, sequences: [], count: nodes.length };
  }
  const node = nodes[0];
  const evalCtx: IEvalContext = {
    src: ctx.src,
    constants: ctx.constantsFor(inFunction),
    qualifier: ctx.qualifier
  };
  const count = lengthOf(node, evalCtx) ?? arrayLength(node, evalCtx);
  const iterable: IIterable = { ...classify(node, ctx), text };
  if (count !== undefined && Number.isFinite(count)) {
    iterable.count = count;
  }
  return iterable;
}

function classify(
  node: SyntaxNode,
  ctx: IIterableContext
): Omit<IIterable, 'text'> {
  switch (node.name) {
    case 'VariableName':
    case 'MemberExpression':
      return { kind: 'name', sequences: [ctx.src.short(node, 60)] };
    case 'ArrayExpression':
    case 'TupleExpression':
    case 'SetExpression':
      return { kind: 'literal', sequences: [] };
    case 'CallExpression':
      return classifyCall(node, ctx);
    default:
      return { kind: 'other', sequences: [] };
  }
}

function classifyCall(
  node: SyntaxNode,
  ctx: IIterableContext
): Omit<IIterable, 'text'> {
  const callee = node.firstChild;
  const name = callee ? (dottedName(callee, ctx.src) ?? '') : '';
  const args = callArguments(node, ctx.src).filter(arg => arg.keyword === null);
  // The sequences each positional argument names: `xs` in zip(xs, ys) or range(len(xs)).
  const named = args.map(arg =>
    arg.nodes.length === 1 ? sequenceNames(arg.nodes[0], ctx) : []
  );
  switch (name) {
    case 'range':
      return {
        kind: 'range',
        sequences: named.flat(),
        rangeArgs: args.map(arg => arg.text)
      };
    case 'enumerate':
      return { kind: 'enumerate', sequences: named[0] ?? [] };
    case 'zip':
      return { kind: 'zip', sequences: named.flat() };
  }
  return (
    classifyMethod(callee, name, ctx) ?? {
      kind: 'call',
      sequences: SEQUENCE_CALLS.has(name) ? (named[0] ?? []) : []
    }
  );
}

/** Files (`glob.glob`, `path.iterdir()`) and data-frame rows (`df.iterrows()`). */
function classifyMethod(
  callee: SyntaxNode | null,
  name: string,
  ctx: IIterableContext
): Omit<IIterable, 'text'> | null {
  const member = callee?.name === 'MemberExpression' ? callee : null;
  // The method name even on a call result: `Path(".").glob("*.csv")`.
  const property = member?.getChild('PropertyName');
  const method = property ? ctx.src.of(property) : name;
  if (
    FILE_CALLS.has(ctx.qualifier.qualify(name)) ||
    (member && FILE_METHODS.has(method))
  ) {
    return { kind: 'files', sequences: [] };
  }
  if (member && ROW_METHODS.has(method)) {
    const object = member.firstChild;
    return {
      kind: 'rows',
      sequences: object ? [ctx.src.short(object, 60)] : []
    };
  }
  return null;
}

/** The sequence names an argument refers to: `xs`, `len(xs)`, `self.items`. */
function sequenceNames(node: SyntaxNode, ctx: IIterableContext): string[] {
  if (node.name === 'VariableName' || node.name === 'MemberExpression') {
    return [ctx.src.short(node, 60)];
  }
  if (
    node.name === 'CallExpression' &&
    node.firstChild &&
    ctx.src.of(node.firstChild) === 'len'
  ) {
    const args = callArguments(node, ctx.src);
    return args.length === 1 && args[0].nodes.length === 1
      ? sequenceNames(args[0].nodes[0], ctx)
      : [];
  }
  return [];
}
