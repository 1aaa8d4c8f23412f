/**
 * Functions a cell defines, calls it makes, names it binds and names it needs from elsewhere.
 */
import type { SyntaxNode } from '@lezer/common';

import type { IBodyContext } from './body';
import { bodyFacts } from './body';
import type { ICollected } from './collect';
import type { IBinding } from './imports';
import { BUILTINS } from './names';
import {
  callArguments,
  children,
  DEFINITIONS,
  dottedName,
  walk
} from './syntax';
import type { ICall, IFunctionDef, ILoop } from './types';

/** A function body has no loop variables of its own to index with. */
const NO_NAMES: ReadonlySet<string> = new Set();

/** The functions defined in a cell, each with the loops inside it. */
export function readFunctions(
  nodes: readonly SyntaxNode[],
  ctx: IBodyContext,
  loops: readonly ILoop[]
): IFunctionDef[] {
  return nodes.map(node => {
    const nameNode = node.getChild('VariableName');
    const name = nameNode ? ctx.src.of(nameNode) : '';
    const decorated =
      node.parent?.name === 'DecoratedStatement' ? node.parent : null;
    const outer = decorated ?? node;
    const body = node.getChild('Body');
    const line = ctx.src.startLine(outer);
    const endLine = ctx.src.endLine(outer);
    const facts = bodyFacts(body ? [body] : [], ctx, () => NO_NAMES);
    return {
      name,
      params: readParams(node, ctx),
      line,
      endLine,
      source: ctx.src.of(outer),
      decorators: decorated
        ? decorated
            .getChildren('Decorator')
            .map(d => ctx.src.of(d).slice(1).trim())
        : [],
      recursive: body !== null && callsName(body, name, ctx),
      loops: loops.filter(
        loop =>
          loop.inFunction === name &&
          loop.line >= line &&
          loop.endLine <= endLine
      ),
      returns: body !== null && hasReturn(body),
      nested: isNested(node),
      method: isMethod(node),
      updatesState:
        body !== null &&
        isMethod(node) &&
        assignsTo(body, readParams(node, ctx)[0] ?? '', ctx),
      arithmetic: facts.arithmetic,
      mathCalls: facts.mathCalls,
      calls: facts.calls,
      branches: facts.branches,
      subprocess: facts.subprocess,
      stringOrDictWork: facts.stringOrDictWork,
      arrayCalls: facts.arrayCalls
    };
  });
}

function readParams(node: SyntaxNode, ctx: IBodyContext): string[] {
  const list = node.getChild('ParamList');
  if (!list) {
    return [];
  }
  return children(list)
    .filter(
      c => c.name === 'VariableName' && c.prevSibling?.name !== 'AssignOp'
    )
    .map(c => ctx.src.of(c));
}

function callsName(body: SyntaxNode, name: string, ctx: IBodyContext): boolean {
  let found = false;
  walk(
    body,
    node => {
      const callee = node.firstChild;
      found = callee?.name === 'VariableName' && ctx.src.of(callee) === name;
      return found;
    },
    { only: CALLS, skip: DEFINITIONS }
  );
  return found;
}

function hasReturn(body: SyntaxNode): boolean {
  let found = false;
  walk(body, () => (found = true), { only: RETURNS, skip: DEFINITIONS });
  return found;
}

const CALLS: ReadonlySet<string> = new Set(['CallExpression']);
const RETURNS: ReadonlySet<string> = new Set(['ReturnStatement']);

function isNested(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.name === 'FunctionDefinition' || p.name === 'ClassDefinition') {
      return true;
    }
  }
  return false;
}

function isMethod(node: SyntaxNode): boolean {
  // def -> Body -> ClassDefinition (a decorated def has a DecoratedStatement between)
  const holder =
    node.parent?.name === 'DecoratedStatement' ? node.parent : node;
  return holder.parent?.parent?.name === 'ClassDefinition';
}

const ASSIGNMENTS: ReadonlySet<string> = new Set([
  'AssignStatement',
  'UpdateStatement'
]);

/** True when the body assigns to an attribute of `owner`, or to an element of one. */
function assignsTo(
  body: SyntaxNode,
  owner: string,
  ctx: IBodyContext
): boolean {
  if (owner === '') {
    return false;
  }
  let found = false;
  walk(
    body,
    node => {
      for (
        let target = node.firstChild;
        target && target.name !== 'AssignOp' && target.name !== 'UpdateOp';
        target = target.nextSibling
      ) {
        let base: SyntaxNode | null = target;
        while (base?.name === 'MemberExpression') {
          base = base.firstChild;
        }
        if (
          target !== base &&
          base?.name === 'VariableName' &&
          ctx.src.of(base) === owner
        ) {
          found = true;
        }
      }
      return found;
    },
    { only: ASSIGNMENTS, skip: DEFINITIONS }
  );
  return found;
}

/** Every call in the cell with its arguments and the names its result is bound to. */
export function readCalls(
  nodes: readonly SyntaxNode[],
  ctx: IBodyContext
): ICall[] {
  return nodes.map(node => {
    const callee = node.firstChild;
    const name = callee
      ? (dottedName(callee, ctx.src) ?? ctx.src.short(callee, 60))
      : '';
    return {
      name,
      line: ctx.src.startLine(node),
      args: callArguments(node, ctx.src).map(arg => collapse(arg.text, 80)),
      assignedTo: assignedTargets(node, ctx)
    };
  });
}

/** `x, y = f(a)` -> ['x', 'y'] when the call is the whole value of an assignment. */
function assignedTargets(call: SyntaxNode, ctx: IBodyContext): string[] {
  const parent = call.parent;
  if (
    parent?.name !== 'AssignStatement' ||
    call.prevSibling?.name !== 'AssignOp'
  ) {
    return [];
  }
  const names: string[] = [];
  for (let c = parent.firstChild; c && c.from < call.from; c = c.nextSibling) {
    if (c.name === 'VariableName') {
      names.push(ctx.src.of(c));
    } else if (c.name === 'TupleExpression' || c.name === 'ArrayExpression') {
      names.push(
        ...children(c)
          .filter(n => n.name === 'VariableName')
          .map(n => ctx.src.of(n))
      );
    }
  }
  return names;
}

function collapse(text: string, max: number): string {
  const flat = text.split(/\s+/).join(' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Names bound at the top level, in order, and names read that nothing in the cell binds. */
export function readNames(
  collected: ICollected,
  bindings: readonly IBinding[],
  ctx: IBodyContext
): { assigned: string[]; freeNames: string[] } {
  const assigned = new Set<string>();
  const bound = new Set<string>(bindings.map(b => b.alias));
  for (const use of collected.names) {
    if (
      use.role === 'load' ||
      use.role === 'keyword' ||
      use.role === 'other' ||
      use.role === 'import'
    ) {
      continue;
    }
    const name = ctx.src.of(use.node);
    bound.add(name);
    if (use.moduleScope && (use.role === 'store' || use.role === 'update')) {
      assigned.add(name);
    }
  }
  const free = new Set<string>();
  for (const use of collected.names) {
    const name = ctx.src.of(use.node);
    if (use.role === 'load' && !bound.has(name) && !BUILTINS.has(name)) {
      free.add(name);
    }
  }
  return { assigned: [...assigned], freeNames: [...free] };
}

/** The text of the cell's last statement when it is an expression (what the cell displays). */
export function lastExpression(
  script: SyntaxNode,
  ctx: IBodyContext,
  replaced: ReadonlySet<number>
): string | null {
  let last: SyntaxNode | null = null;
  for (const node of topStatements(script, ctx, replaced)) {
    last = node;
  }
  return last?.name === 'ExpressionStatement' ? ctx.src.of(last).trim() : null;
}

/** The top-level statements, leaving out comments, parse errors and lines set aside. */
export function topStatements(
  script: SyntaxNode,
  ctx: IBodyContext,
  replaced: ReadonlySet<number>
): SyntaxNode[] {
  return children(script).filter(
    node =>
      node.name !== 'Comment' &&
      !node.type.isError &&
      !replaced.has(ctx.src.startLine(node))
  );
}
