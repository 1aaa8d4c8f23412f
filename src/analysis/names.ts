/**
 * What a name occurrence does: read a value, bind one, update one in place, declare a parameter.
 * Decided from the syntax tree around the `VariableName`, the way Python's compiler decides it.
 */
import type { SyntaxNode } from '@lezer/common';

import { isComprehension } from './syntax';

/** The part a `VariableName` plays where it stands. */
export type NameRole =
  | 'load' //      its value is read
  | 'store' //     a value is bound to it (assignment, for target, def name, `as` name)
  | 'update' //    augmented assignment: `total += x` reads then binds
  | 'param' //     a function or lambda parameter
  | 'import' //    part of an import statement (bindings come from the import reader)
  | 'keyword' //   the keyword of a keyword argument: `f(x=1)`
  | 'local' //     a comprehension's own loop variable, bound inside the comprehension only
  | 'other'; //    `global` / `nonlocal` declarations and other non-values

/** Containers a target may be wrapped in: `a, b = ...`, `[a, b] = ...`, `(a) = ...`. */
const TARGET_WRAPPERS = new Set([
  'TupleExpression',
  'ArrayExpression',
  'ParenthesizedExpression'
]);

/** The role of a `VariableName` node. */
export function nameRole(node: SyntaxNode): NameRole {
  let inner = node;
  let parent = node.parent;
  while (parent && TARGET_WRAPPERS.has(parent.name)) {
    inner = parent;
    parent = parent.parent;
  }
  if (!parent) {
    return 'load';
  }
  if (isComprehension(parent)) {
    return clauseKeyword(inner) === 'for' ? 'local' : 'load';
  }
  switch (parent.name) {
    case 'AssignStatement':
      return followedBy(inner, 'AssignOp') ? 'store' : 'load';
    case 'UpdateStatement':
      return inner.from === parent.from ? 'update' : 'load';
    case 'ForStatement':
      return clauseKeyword(inner) === 'for' ? 'store' : 'load';
    case 'WithStatement':
    case 'TryStatement':
    case 'AsPattern':
      return inner.prevSibling?.name === 'as' ? 'store' : 'load';
    case 'NamedExpression':
      return inner.from === parent.from ? 'store' : 'load';
    case 'FunctionDefinition':
    case 'ClassDefinition':
    case 'CapturePattern':
    case 'DeleteStatement':
      return 'store';
    case 'ParamList':
    case 'TypeParam':
      return inner.prevSibling?.name === 'AssignOp' ? 'load' : 'param';
    case 'ArgList':
      return inner.nextSibling?.name === 'AssignOp' ? 'keyword' : 'load';
    case 'ImportStatement':
      return 'import';
    case 'ScopeStatement':
    case 'KeywordPattern':
      return 'other';
    default:
      return 'load';
  }
}

/** True when a later sibling of `node` has the given name. */
function followedBy(node: SyntaxNode, name: string): boolean {
  for (let s = node.nextSibling; s; s = s.nextSibling) {
    if (s.name === name) {
      return true;
    }
  }
  return false;
}

/** The nearest `for` / `in` / `if` keyword before `node` among its siblings. */
function clauseKeyword(node: SyntaxNode): string | null {
  for (let s = node.prevSibling; s; s = s.prevSibling) {
    if (s.name === 'for' || s.name === 'in' || s.name === 'if') {
      return s.name;
    }
  }
  return null;
}

/** Names every Python program can read without defining them. */
export const BUILTINS = new Set(
  (
    'abs all any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex ' +
    'copyright credits delattr dict dir divmod enumerate eval exec exit filter float format ' +
    'frozenset getattr globals hasattr hash help hex id input int isinstance issubclass iter len ' +
    'license list locals map max memoryview min next object oct open ord pow print property quit ' +
    'range repr reversed round set setattr slice sorted staticmethod str sum super tuple type vars ' +
    'zip __name__ __file__ __doc__ __builtins__ __import__ NotImplemented Ellipsis ' +
    'BaseException Exception ArithmeticError AssertionError AttributeError EOFError ImportError ' +
    'IndexError KeyError KeyboardInterrupt LookupError MemoryError NameError NotImplementedError ' +
    'OSError OverflowError RecursionError RuntimeError StopIteration SyntaxError SystemExit ' +
    'TypeError ValueError ZeroDivisionError FileNotFoundError UserWarning Warning ' +
    'DeprecationWarning RuntimeWarning get_ipython display In Out _ __ ___'
  ).split(' ')
);
