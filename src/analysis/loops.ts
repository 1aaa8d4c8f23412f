/**
 * Every loop of a cell: `for` and `while` statements and each `for` clause of a comprehension,
 * with its nesting, what it iterates over, and what its body does.
 */
import type { SyntaxNode } from '@lezer/common';

import type { ILoopSite } from './collect';

import type { IBodyContext, IBodyFacts } from './body';
import { bodyFacts } from './body';
import type { IConstants, IEvalContext } from './constants';
import { dependencies } from './dataflow';
import { readIterable } from './iterables';
import type { NameRole } from './names';
import { nameRole } from './names';
import {
  children,
  DEFINITIONS,
  isComprehension,
  VARIABLES,
  walk
} from './syntax';
import type { ILoop } from './types';

/** What reading loops needs: the body context and the constants known where a loop stands. */
export interface ILoopContext extends IBodyContext {
  constantsFor: (functionName: string | null) => IConstants;
  qualifier: IEvalContext['qualifier'];
  /** Roles of the cell's names by position (from the collecting pass). */
  roles: ReadonlyMap<number, NameRole>;
}

/** The loops at the sites the collecting pass found, in source order. */
export function readLoops(
  sites: readonly ILoopSite[],
  ctx: ILoopContext
): ILoop[] {
  return sites.flatMap(site =>
    readLoopNode(site.node, site.depth, site.inFunction, ctx)
  );
}

function readLoopNode(
  node: SyntaxNode,
  depth: number,
  inFunction: string | null,
  ctx: ILoopContext
): ILoop[] {
  if (node.name === 'ForStatement') {
    return [readFor(node, depth, inFunction, ctx)];
  }
  if (node.name === 'WhileStatement') {
    return [readWhile(node, depth, inFunction, ctx)];
  }
  return isComprehension(node)
    ? readComprehension(node, depth, inFunction, ctx)
    : [];
}

function readFor(
  node: SyntaxNode,
  depth: number,
  inFunction: string | null,
  ctx: ILoopContext
): ILoop {
  const kids = children(node);
  const inAt = kids.findIndex(c => c.name === 'in');
  const body = kids.find(c => c.name === 'Body');
  const targetNodes = kids.slice(
    kids.findIndex(c => c.name === 'for') + 1,
    inAt < 0 ? 0 : inAt
  );
  // Without `in` (a syntax error the parser recovered from) there is no iterable to read.
  const iterableNodes =
    inAt < 0
      ? []
      : kids
          .slice(inAt + 1)
          .filter(c => c.from < (body?.from ?? node.to) && c.name !== ',');
  const targets = namesIn(targetNodes, ctx);
  const bodyNodes = body ? children(body) : [];
  const loopVars = lazyLoopVars(targets, body ? [body] : [], ctx);
  const deps = dependencies([], bodyNodes, targets, ctx.src, ctx.roles);
  return {
    kind: 'for',
    line: ctx.src.startLine(node),
    endLine: ctx.src.endLine(node),
    depth,
    target: spanText(targetNodes, ctx),
    iterable: readIterable(iterableNodes, ctx, inFunction),
    ...textual(
      bodyFacts(body ? [body] : [], ctx, loopVars),
      iterableNodes,
      ctx
    ),
    ...deps,
    independent: deps.carried.length === 0,
    inFunction
  };
}

function readWhile(
  node: SyntaxNode,
  depth: number,
  inFunction: string | null,
  ctx: ILoopContext
): ILoop {
  const kids = children(node);
  const body = kids.find(c => c.name === 'Body');
  const header = kids.filter(
    c =>
      c.name !== 'while' &&
      c.name !== 'Body' &&
      c.name !== 'else' &&
      c.from < (body?.from ?? node.to)
  );
  const roots = body ? [...header, body] : header;
  const deps = dependencies(
    header,
    body ? children(body) : [],
    new Set(),
    ctx.src,
    ctx.roles
  );
  return {
    kind: 'while',
    line: ctx.src.startLine(node),
    endLine: ctx.src.endLine(node),
    depth,
    target: null,
    iterable: null,
    ...bodyFacts(roots, ctx, lazyLoopVars(new Set(), roots, ctx)),
    ...deps,
    independent: deps.carried.length === 0,
    inFunction
  };
}

/** One loop per `for` clause: `[f(x, y) for x in xs for y in ys if y]` gives two. */
function readComprehension(
  node: SyntaxNode,
  depth: number,
  inFunction: string | null,
  ctx: ILoopContext
): ILoop[] {
  const kids = children(node).filter(
    c => !['[', ']', '(', ')', '{', '}'].includes(c.name)
  );
  const firstFor = kids.findIndex(c => c.name === 'for');
  const element = kids.slice(0, Math.max(firstFor, 0));
  const loops: ILoop[] = [];
  let clause = 0;
  for (
    let i = firstFor;
    i >= 0 && i < kids.length;
    i = kids.findIndex((c, j) => j > i && c.name === 'for')
  ) {
    const inAt = kids.findIndex((c, j) => j > i && c.name === 'in');
    if (inAt < 0) {
      break;
    }
    const targets = namesIn(kids.slice(i + 1, inAt), ctx);
    const iterable = kids[inAt + 1];
    const roots = [...element, ...kids.slice(inAt + 2)];
    const loopVars = lazyLoopVars(targets, roots, ctx);
    loops.push({
      kind: 'comprehension',
      line: ctx.src.startLine(kids[i]),
      endLine: ctx.src.endLine(node),
      depth: depth + clause,
      target: spanText(kids.slice(i + 1, inAt), ctx),
      iterable: iterable ? readIterable([iterable], ctx, inFunction) : null,
      ...textual(bodyFacts(roots, ctx, loopVars), [iterable], ctx),
      ...dependencies([], roots, targets, ctx.src, ctx.roles),
      independent: false,
      inFunction
    });
    clause++;
  }
  return loops.map(loop => ({
    ...loop,
    independent: loop.carried.length === 0
  }));
}

/** A loop over the characters of a string does string work, whatever its `+` look like. */
function textual(
  facts: IBodyFacts,
  iterable: readonly (SyntaxNode | undefined)[],
  ctx: ILoopContext
): IBodyFacts {
  return iterable.length === 1 && iterable[0] && overText(iterable[0], ctx)
    ? { ...facts, stringOrDictWork: true }
    : facts;
}

const ASSIGNMENTS: ReadonlySet<string> = new Set(['AssignStatement']);

/**
 * True for `'abc'`, or a name its scope binds only to string literals (`letters = 'abc…'` in the
 * function, or at the top level when the function neither binds it nor takes it as a parameter).
 */
function overText(iterable: SyntaxNode, ctx: ILoopContext): boolean {
  if (iterable.name === 'String') {
    return true;
  }
  if (iterable.name !== 'VariableName') {
    return false;
  }
  const name = ctx.src.of(iterable);
  let scope: SyntaxNode | null = iterable.parent;
  while (scope && scope.name !== 'FunctionDefinition') {
    scope = scope.parent;
  }
  if (scope) {
    const bound = bindings(scope, name, ctx);
    const params = scope.getChild('ParamList');
    const param =
      params !== null &&
      children(params).some(
        c => c.name === 'VariableName' && ctx.src.of(c) === name
      );
    if (bound.length > 0 || param) {
      return bound.length > 0 && bound.every(value => value === 'String');
    }
  }
  let script: SyntaxNode | null = iterable;
  while (script.parent) {
    script = script.parent;
  }
  const bound = bindings(script, name, ctx);
  return bound.length > 0 && bound.every(value => value === 'String');
}

/** The node kinds of the values `name = …` assigns under `scope` (nested definitions aside). */
function bindings(
  scope: SyntaxNode,
  name: string,
  ctx: ILoopContext
): string[] {
  const values: string[] = [];
  walk(
    scope,
    node => {
      const target = node.firstChild;
      if (target?.name !== 'VariableName' || ctx.src.of(target) !== name) {
        return;
      }
      const op = target.nextSibling;
      const value = op?.name === 'AssignOp' ? op.nextSibling : null;
      values.push(value && !value.nextSibling ? value.name : 'other');
    },
    { only: ASSIGNMENTS, skip: DEFINITIONS }
  );
  return values;
}

/** The loop's own variables and those of loops nested in `roots`, worked out on first use. */
function lazyLoopVars(
  targets: ReadonlySet<string>,
  roots: readonly SyntaxNode[],
  ctx: ILoopContext
): () => ReadonlySet<string> {
  let names: Set<string> | null = null;
  return () => (names ??= new Set([...targets, ...innerTargets(roots, ctx)]));
}

/** Loop variables bound by loops nested in `roots`. */
function innerTargets(
  roots: readonly SyntaxNode[],
  ctx: ILoopContext
): Set<string> {
  const names = new Set<string>();
  const visit = (n: SyntaxNode): void => {
    const role = ctx.roles.get(n.from) ?? nameRole(n);
    if (
      role === 'local' ||
      (role === 'store' && n.parent?.name === 'ForStatement')
    ) {
      names.add(ctx.src.of(n));
    }
  };
  for (const root of roots) {
    walk(root, visit, { only: VARIABLES, skip: DEFINITIONS });
  }
  return names;
}

function namesIn(nodes: readonly SyntaxNode[], ctx: ILoopContext): Set<string> {
  const names = new Set<string>();
  const add = (n: SyntaxNode): void => {
    names.add(ctx.src.of(n));
  };
  for (const node of nodes) {
    if (node.name === 'VariableName') {
      add(node);
    }
    walk(node, add, { only: VARIABLES });
  }
  return names;
}

function spanText(
  nodes: readonly SyntaxNode[],
  ctx: ILoopContext
): string | null {
  if (nodes.length === 0) {
    return null;
  }
  return ctx.src.text.slice(nodes[0].from, nodes[nodes.length - 1].to);
}
