/**
 * One statement of a loop body as array code: a sum or product, an append, an assignment to a
 * temporary or an element, an `if` (masked.ts).
 */
import type { SyntaxNode } from '@lezer/common';

import type { IParsed } from '../../analysis/syntax';
import { children, namesIn, textOf } from '../../analysis/syntax';
import type { IArrayIteration } from '../../templates/loops';
import { callParts } from '../../templates/loops';
import { varies, vectorise } from '../../templates/vecexpr';
import type { IBodyLine } from './masked';
import { conditional, elementTarget } from './masked';

export function bodyStatement(
  parsed: IParsed,
  node: SyntaxNode,
  iteration: IArrayIteration,
  emptyLists: ReadonlySet<string>
): IBodyLine | string | null {
  const parts = children(node);
  if (
    node.name === 'UpdateStatement' &&
    parts.length === 3 &&
    parts[0].name === 'VariableName'
  ) {
    return reduction(parsed, parts, iteration);
  }
  if (node.name === 'ExpressionStatement' && parts.length === 1) {
    return appended(parsed, parts[0], iteration, emptyLists);
  }
  if (node.name === 'AssignStatement' && parts.length === 3) {
    return assignment(parsed, parts, iteration);
  }
  if (node.name === 'IfStatement') {
    return conditional(parsed, node, iteration, emptyLists);
  }
  return `is a ${node.name.replace('Statement', '').toLowerCase()} statement NumPy cannot express; rewrite it with np.where or masks.`;
}

/** `total += term` -> `total += np.sum(terms).item()` (a product for `*=`). */
function reduction(
  parsed: IParsed,
  parts: readonly SyntaxNode[],
  iteration: IArrayIteration
): IBodyLine | string | null {
  const op = textOf(parsed, parts[1]);
  const reduce =
    op === '+=' || op === '-=' ? 'np.sum' : op === '*=' ? 'np.prod' : null;
  const expr = vectorise(iteration.scope, parts[2]);
  if (!reduce || expr === null) {
    return reduce ? null : `uses ${op}, which is not a sum or a product.`;
  }
  if (expr === textOf(parsed, parts[2])) {
    return 'adds the same value every time.';
  }
  const name = textOf(parsed, parts[0]);
  return { code: `${name} ${op} ${reduce}(${expr}).item()`, name };
}

/** `xs.append(value)` -> the whole array of values (extending a list that was not empty). */
function appended(
  parsed: IParsed,
  expression: SyntaxNode,
  iteration: IArrayIteration,
  emptyLists: ReadonlySet<string>
): IBodyLine | string | null {
  const call = callParts(parsed, expression);
  const callee = call?.callee ?? '';
  if (!call || !callee.endsWith('.append') || call.args.length !== 1) {
    return 'is a call NumPy cannot apply to whole arrays.';
  }
  const name = callee.slice(0, -'.append'.length);
  const expr = vectorise(iteration.scope, call.args[0]);
  if (expr === null || !/^[A-Za-z_]\w*$/.test(name)) {
    return null;
  }
  if (!varies(iteration.scope, call.args[0])) {
    return 'appends the same value every time.';
  }
  return emptyLists.has(name)
    ? { code: `${name} = ${expr}`, name }
    : { code: `${name}.extend(np.asarray(${expr}).tolist())`, name };
}

/** `t = expr` (a per-iteration temporary becomes an array) or `a[i] = expr` (a slice). */
function assignment(
  parsed: IParsed,
  parts: readonly SyntaxNode[],
  iteration: IArrayIteration
): IBodyLine | string | null {
  const { scope } = iteration;
  const expr = vectorise(scope, parts[2]);
  if (expr === null) {
    return null;
  }
  if (parts[0].name === 'VariableName') {
    const name = textOf(parsed, parts[0]);
    if (!scope.vars.has(name) && namesIn(parsed, parts[2]).includes(name)) {
      // `error = max(error, ...)`: a value carried from one iteration to the next
      return `reads ${name}, which it assigns: each step needs the value the one before left.`;
    }
    scope.vars.set(name, name);
    return { code: `${name} = ${expr}`, name: '' };
  }
  const target = elementTarget(parts[0], iteration);
  return target === null
    ? 'assigns to something other than a name or an element a[i].'
    : { code: `${target.slice} = ${expr}`, name: target.name };
}
