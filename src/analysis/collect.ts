/**
 * One pass over a cell's syntax tree that gathers the nodes the readers need, so that each reader
 * works on a short list instead of walking the tree again.
 */
import type { SyntaxNode, Tree } from '@lezer/common';

import type { NameRole } from './names';
import { nameRole } from './names';

/** A name occurrence with its role and whether it stands at the cell's top-level scope. */
export interface INameUse {
  node: SyntaxNode;
  role: NameRole;
  moduleScope: boolean;
}

/** The nodes of interest in one cell, in source order. */
export interface ICollected {
  functions: SyntaxNode[];
  calls: SyntaxNode[];
  imports: SyntaxNode[];
  names: INameUse[];
  /** The role of each `VariableName`, by start position: computed once, read by every reader. */
  roles: Map<number, NameRole>;
  /** `[x] * n` list repetitions. */
  repetitions: SyntaxNode[];
  /** The parser's error nodes. */
  errors: SyntaxNode[];
}

const SCOPES = new Set([
  'FunctionDefinition',
  'ClassDefinition',
  'LambdaExpression'
]);

/** Gathers the nodes of interest in one iterative pass. */
export function collect(tree: Tree): ICollected {
  const found: ICollected = {
    functions: [],
    calls: [],
    imports: [],
    names: [],
    roles: new Map(),
    repetitions: [],
    errors: []
  };
  let scopeDepth = 0;
  tree.iterate({
    enter: ref => {
      if (ref.type.isError) {
        found.errors.push(ref.node);
      } else if (WANTED.has(ref.name)) {
        record(ref.node, scopeDepth, found);
      }
      scopeDepth += SCOPES.has(ref.name) ? 1 : 0;
    },
    leave: ref => {
      scopeDepth -= SCOPES.has(ref.name) ? 1 : 0;
    }
  });
  return found;
}

/** Node names `record` files; the rest are passed over without materialising them. */
const WANTED = new Set([
  'FunctionDefinition',
  'CallExpression',
  'ImportStatement',
  'ArrayExpression',
  'VariableName'
]);

function record(node: SyntaxNode, scopeDepth: number, found: ICollected): void {
  switch (node.name) {
    case 'FunctionDefinition':
      found.functions.push(node);
      return;
    case 'CallExpression':
      found.calls.push(node);
      return;
    case 'ImportStatement':
      found.imports.push(node);
      return;
    case 'ArrayExpression':
      if (node.parent?.name === 'BinaryExpression') {
        found.repetitions.push(node.parent);
      }
      return;
  }
  const role = nameRole(node);
  // A definition's own name belongs to the scope around the definition.
  const own =
    node.parent !== null && SCOPES.has(node.parent.name) && role === 'store';
  found.names.push({
    node,
    role,
    moduleScope: scopeDepth === 0 || (own && scopeDepth === 1)
  });
  found.roles.set(node.from, role);
}
