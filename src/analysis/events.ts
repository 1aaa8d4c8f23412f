/**
 * A loop body as a sequence of name reads and writes in execution order: an assignment reads its
 * value before it binds its targets; compound statements are read header first, then their bodies.
 * Subscripted reads and writes are kept with their index text (`a[i - 1]`) to spot recurrences.
 */
import type { SyntaxNode } from '@lezer/common';

import type { NameRole } from './names';
import { nameRole } from './names';
import type { SourceText } from './syntax';
import { DEFINITIONS, isSubscript, VARIABLES, walk } from './syntax';

/** What an occurrence does: `update` and `selfUpdate` read a name and bind it again. */
export type EventKind = 'read' | 'write' | 'update' | 'selfUpdate';

/** One read or write of a name. */
export interface IEvent {
  name: string;
  kind: EventKind;
  /** For an update (`x *= f`, `x = x * f`): the other names its value reads. */
  operands?: string[];
}

/** Reads and writes of one loop body, in execution order. */
export interface IFlow {
  /** Roles already worked out for the cell's names, by position. */
  roles: ReadonlyMap<number, NameRole>;
  events: IEvent[];
  /** Subscripted names -> the index texts written (`a[i] = ...`) and read (`a[i - 1]`). */
  subscriptWrites: Map<string, Set<string>>;
  subscriptReads: Map<string, Set<string>>;
  /** Names updated through a subscript from their own value (`counts[k] = counts.get(k, 0) + 1`). */
  reductions: Set<string>;
}

/** Statement nodes whose children include `Body` nodes to read in order. */
const COMPOUND = new Set([
  'IfStatement',
  'WhileStatement',
  'ForStatement',
  'WithStatement',
  'TryStatement',
  'MatchStatement',
  'MatchBody',
  'MatchClause'
]);

/**
 * The reads and writes of one iteration.
 *
 * @param header - what runs at the start of every iteration (a while condition), in order.
 * @param body - the statements or expressions of one iteration, in order.
 * @param roles - roles of the cell's names by position, when already known.
 */
export function readFlow(
  header: readonly SyntaxNode[],
  body: readonly SyntaxNode[],
  src: SourceText,
  roles: ReadonlyMap<number, NameRole>
): IFlow {
  const flow: IFlow = {
    roles,
    events: [],
    subscriptWrites: new Map(),
    subscriptReads: new Map(),
    reductions: new Set()
  };
  header.forEach(node => expressionEvents(node, src, flow));
  statementsEvents(body, src, flow);
  return flow;
}

function statementsEvents(
  nodes: readonly SyntaxNode[],
  src: SourceText,
  flow: IFlow
): void {
  for (const node of nodes) {
    if (node.name === 'Body') {
      statementsEvents(childList(node), src, flow);
    } else if (node.name === 'StatementGroup') {
      statementsEvents(childList(node), src, flow);
    } else if (COMPOUND.has(node.name)) {
      // Headers (tests, iterables, targets, `as` names) and bodies in source order.
      statementsEvents(childList(node), src, flow);
    } else if (
      node.name === 'FunctionDefinition' ||
      node.name === 'ClassDefinition'
    ) {
      flow.events.push({ name: definedName(node, src), kind: 'write' });
    } else if (node.name === 'DecoratedStatement') {
      const inner = node.lastChild;
      if (inner) {
        flow.events.push({ name: definedName(inner, src), kind: 'write' });
      }
    } else if (
      node.name === 'AssignStatement' ||
      node.name === 'UpdateStatement'
    ) {
      assignmentEvents(node, src, flow);
    } else {
      expressionEvents(node, src, flow);
    }
  }
}

function childList(node: SyntaxNode): SyntaxNode[] {
  const list: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    list.push(c);
  }
  return list;
}

function definedName(node: SyntaxNode, src: SourceText): string {
  const name = node.getChild('VariableName');
  return name ? src.of(name) : '';
}

/**
 * An assignment reads its value before it binds its targets. `x = x + dx` and `x += dx` are
 * self-updates: pure accumulators when that is all the loop does with `x`.
 */
function assignmentEvents(
  node: SyntaxNode,
  src: SourceText,
  flow: IFlow
): void {
  const reads: IEvent[] = [];
  const writes: IEvent[] = [];
  const local = new Set<string>();
  const selfName = selfUpdateName(node, src);
  walkNames(node, src, flow.roles, local, (name, role, occurrence) => {
    if (name === selfName) {
      return;
    }
    if (role === 'load') {
      reads.push({ name, kind: 'read' });
      recordSubscriptRead(occurrence, name, src, flow);
    } else if (role === 'store') {
      writes.push({ name, kind: 'write' });
    } else if (role === 'update') {
      writes.push({ name, kind: 'update' });
    }
  });
  subscriptTargets(node, src, flow);
  const operands = [...new Set(reads.map(e => e.name))];
  flow.events.push(
    ...reads.filter(e => !local.has(e.name)),
    ...writes.map(e => (e.kind === 'update' ? { ...e, operands } : e))
  );
  if (selfName !== null) {
    flow.events.push({ name: selfName, kind: 'selfUpdate', operands });
  }
}

/** `x = x <op> ...` or `x = ... <op> x` with `x` appearing once: the name, else null. */
function selfUpdateName(node: SyntaxNode, src: SourceText): string | null {
  if (node.name !== 'AssignStatement') {
    return null;
  }
  const target = node.firstChild;
  const op = target?.nextSibling;
  const value = op?.nextSibling;
  if (
    target?.name !== 'VariableName' ||
    op?.name !== 'AssignOp' ||
    value?.name !== 'BinaryExpression' ||
    value.nextSibling
  ) {
    return null;
  }
  const name = src.of(target);
  let count = 0;
  walk(
    value,
    n => {
      count += src.of(n) === name ? 1 : 0;
    },
    { only: VARIABLES }
  );
  const left = value.firstChild;
  const right = value.lastChild;
  const direct = (n: SyntaxNode | null): boolean =>
    n?.name === 'VariableName' && src.of(n) === name;
  return count === 1 && (direct(left) || direct(right)) ? name : null;
}

/** Subscript targets: `a[i] = ...` writes element `i` of `a`; `c[k] += 1` is a reduction. */
function subscriptTargets(
  node: SyntaxNode,
  src: SourceText,
  flow: IFlow
): void {
  const valueStart =
    node.name === 'UpdateStatement'
      ? (node.firstChild?.to ?? node.to)
      : lastAssignOp(node);
  for (
    let target = node.firstChild;
    target && target.from < valueStart;
    target = target.nextSibling
  ) {
    if (!isSubscript(target)) {
      continue;
    }
    const base = subscriptBase(target, src);
    if (base === null) {
      continue;
    }
    const written = flow.subscriptWrites.get(base) ?? new Set<string>();
    written.add(indexKey(target, src));
    flow.subscriptWrites.set(base, written);
    const selfRead = src.text.slice(valueStart, node.to).includes(base);
    if (node.name === 'UpdateStatement' || selfRead) {
      flow.reductions.add(base);
    }
  }
}

function lastAssignOp(node: SyntaxNode): number {
  let position = node.to;
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name === 'AssignOp') {
      position = c.to;
    }
  }
  return position;
}

function expressionEvents(
  node: SyntaxNode,
  src: SourceText,
  flow: IFlow
): void {
  const events: IEvent[] = [];
  const local = new Set<string>();
  walkNames(node, src, flow.roles, local, (name, role, occurrence) => {
    if (role === 'load') {
      events.push({ name, kind: 'read' });
      recordSubscriptRead(occurrence, name, src, flow);
    } else if (role === 'store' || role === 'update') {
      events.push({ name, kind: role === 'store' ? 'write' : 'update' });
    }
  });
  flow.events.push(...events.filter(e => !local.has(e.name)));
}

/** Calls `visit` for each name under `node` (itself included), skipping nested definitions. */
function walkNames(
  node: SyntaxNode,
  src: SourceText,
  roles: ReadonlyMap<number, NameRole>,
  local: Set<string>,
  visit: (name: string, role: NameRole, occurrence: SyntaxNode) => void
): void {
  const each = (n: SyntaxNode): void => {
    if (n.name !== 'VariableName') {
      return;
    }
    const role = roles.get(n.from) ?? nameRole(n);
    const name = src.of(n);
    if (role === 'local' || role === 'param') {
      local.add(name);
    }
    visit(name, role, n);
  };
  each(node);
  walk(node, each, { only: VARIABLES, skip: DEFINITIONS });
}

/** A read of `a[...]` records which element of `a` is read. */
function recordSubscriptRead(
  occurrence: SyntaxNode,
  name: string,
  src: SourceText,
  flow: IFlow
): void {
  let outer: SyntaxNode = occurrence;
  for (
    let p = occurrence.parent;
    p &&
    isSubscript(p) &&
    p.firstChild?.from === outer.from &&
    p.firstChild.to === outer.to;
    p = p.parent
  ) {
    outer = p;
  }
  if (outer === occurrence) {
    return;
  }
  const reads = flow.subscriptReads.get(name) ?? new Set<string>();
  reads.add(indexKey(outer, src));
  flow.subscriptReads.set(name, reads);
}

/** The name a subscript chain starts from (`grid` for `grid[i][j]`), or null. */
function subscriptBase(node: SyntaxNode, src: SourceText): string | null {
  let current: SyntaxNode | null = node;
  while (current && isSubscript(current)) {
    current = current.firstChild;
  }
  return current?.name === 'VariableName' ? src.of(current) : null;
}

/** The index part of a subscript chain, spacing removed: `[i][j]`, `[i-1]`. */
function indexKey(node: SyntaxNode, src: SourceText): string {
  let current: SyntaxNode | null = node;
  while (current && isSubscript(current)) {
    current = current.firstChild;
  }
  const start = current ? current.to : node.from;
  return src.text.slice(start, node.to).split(/\s+/).join('');
}
