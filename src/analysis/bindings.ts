/**
 * The names statements bind, read off the syntax tree: assignment and `+=` targets, `for`
 * targets, and the names whose elements are stored into (`u[i] = ...`: an object changed in
 * place). Shared by the rewrites that move code into a function of its own (Numba kernels,
 * pool items) and must know what that code takes in and gives back.
 */
import type { SyntaxNode } from '@lezer/common';

import type { IParsed } from './syntax';
import { children, descendants, textOf } from './syntax';

const TARGET_NODES = new Set(['TupleExpression', 'ArrayExpression']);

function targetNames(parsed: IParsed, node: SyntaxNode): string[] {
  if (node.name === 'VariableName') {
    return [textOf(parsed, node)];
  }
  if (TARGET_NODES.has(node.name)) {
    return children(node).flatMap(part => targetNames(parsed, part));
  }
  return []; // a subscript or attribute changes an object; it binds no name
}

/** Names whose elements or slices are assigned under `node` (`u[i] = ...`, `a[i], a[j] = ...`). */
export function storedNames(parsed: IParsed, node: SyntaxNode): string[] {
  const out = new Set<string>();
  for (const item of descendants(node)) {
    if (item.name !== 'AssignStatement' && item.name !== 'UpdateStatement') {
      continue;
    }
    const parts = children(item);
    const last =
      item.name === 'UpdateStatement'
        ? 1
        : parts.map(part => part.name).lastIndexOf('AssignOp');
    for (const part of parts.slice(0, last)) {
      const targets = TARGET_NODES.has(part.name) ? children(part) : [part];
      for (const target of targets) {
        const base =
          target.name === 'MemberExpression' ? target.firstChild : null;
        if (base?.name === 'VariableName') {
          out.add(textOf(parsed, base));
        }
      }
    }
  }
  return [...out];
}

/** Names bound by assignments, `+=` and `for` targets anywhere under `node`. */
export function boundNames(parsed: IParsed, node: SyntaxNode): string[] {
  return [
    ...new Set(descendants(node).flatMap(item => bindingsOf(parsed, item)))
  ];
}

/** The names one statement binds itself: an assignment's or `+=`'s targets, a `for`'s. */
export function bindingsOf(parsed: IParsed, item: SyntaxNode): string[] {
  const parts = children(item);
  if (item.name === 'AssignStatement') {
    const last = parts.map(part => part.name).lastIndexOf('AssignOp');
    return parts.slice(0, last).flatMap(part => targetNames(parsed, part));
  }
  if (item.name === 'UpdateStatement' && parts[0]) {
    return targetNames(parsed, parts[0]);
  }
  return item.name === 'ForStatement' ? forTargets(parsed, item) : [];
}

export function forTargets(parsed: IParsed, node: SyntaxNode): string[] {
  const parts = children(node);
  const end = parts.findIndex(part => part.name === 'in');
  return parts.slice(1, end).flatMap(part => targetNames(parsed, part));
}
