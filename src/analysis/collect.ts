/**
 * One pass over a cell's syntax tree that gathers the nodes the readers need, so that each reader
 * works on a short list instead of walking the tree again.
 */
import type { SyntaxNode, SyntaxNodeRef, Tree } from '@lezer/common';

import type { NameRole } from './names';
import { nameRole } from './names';
import { COMPREHENSIONS } from './syntax';

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
  /** Loop nodes with their nesting, for the loop reader. */
  loops: ILoopSite[];
}

/** A node that may hold loops, where it stands. */
export interface ILoopSite {
  /** A `for` or `while` statement, or a comprehension (or a call holding a generator). */
  node: SyntaxNode;
  /** Loops around it within the same function (0 for an outermost loop). */
  depth: number;
  /** The innermost function around it, or null at the cell's top level. */
  inFunction: string | null;
}

const SCOPES = new Set([
  'FunctionDefinition',
  'ClassDefinition',
  'LambdaExpression'
]);

/** Gathers the nodes of interest in one iterative pass over the tree parsed from `code`. */
export function collect(tree: Tree, code: string): ICollected {
  const found: ICollected = {
    functions: [],
    calls: [],
    imports: [],
    names: [],
    roles: new Map(),
    repetitions: [],
    errors: [],
    loops: []
  };
  const sites = new LoopSites(found.loops, code);
  let scopeDepth = 0;
  tree.iterate({
    enter: ref => {
      if (ref.type.isError) {
        found.errors.push(ref.node);
      } else if (WANTED.has(ref.name)) {
        record(ref.node, scopeDepth, found);
      }
      sites.enter(ref);
      scopeDepth += SCOPES.has(ref.name) ? 1 : 0;
    },
    leave: ref => {
      sites.leave(ref);
      scopeDepth -= SCOPES.has(ref.name) ? 1 : 0;
    }
  });
  return found;
}

/** Nodes that may be loops (an `ArgList` when it holds a generator). */
const LOOP_NODES = new Set([
  'ForStatement',
  'WhileStatement',
  'ArgList',
  ...COMPREHENSIONS
]);

/**
 * Tracks loop nesting during the walk: depth restarts inside each function, and a comprehension
 * adds one level per `for` clause.
 */
class LoopSites {
  constructor(
    private readonly _sites: ILoopSite[],
    private readonly _code: string
  ) {}

  enter(ref: SyntaxNodeRef): void {
    if (ref.name === 'FunctionDefinition') {
      const id = ref.node.getChild('VariableName');
      this._functions.push(id ? this._code.slice(id.from, id.to) : '');
      this._depths.push(0);
      return;
    }
    if (!LOOP_NODES.has(ref.name)) {
      return;
    }
    const node = ref.node;
    const levels =
      ref.name === 'ForStatement' || ref.name === 'WhileStatement'
        ? 1
        : node.getChildren('for').length;
    if (levels === 0) {
      return;
    }
    const functions = this._functions;
    const depth = this._depths[this._depths.length - 1];
    this._sites.push({
      node,
      depth,
      inFunction: functions.length > 0 ? functions[functions.length - 1] : null
    });
    this._depths[this._depths.length - 1] += levels;
    this._open.push({ from: ref.from, to: ref.to, name: ref.name, levels });
  }

  leave(ref: SyntaxNodeRef): void {
    if (ref.name === 'FunctionDefinition') {
      this._functions.pop();
      this._depths.pop();
      return;
    }
    const top = this._open[this._open.length - 1];
    if (
      top &&
      top.from === ref.from &&
      top.to === ref.to &&
      top.name === ref.name
    ) {
      this._depths[this._depths.length - 1] -= top.levels;
      this._open.pop();
    }
  }

  private _functions: string[] = [];
  private _depths: number[] = [0];
  private _open: { from: number; to: number; name: string; levels: number }[] =
    [];
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
