/**
 * Loops whose iterations depend on each other: found (array code reads every element before it
 * writes any), and the one kind NumPy has a function for, a running sum or product.
 */
import type { SyntaxNode } from '@lezer/common';

import type { IParsed } from '../../analysis/syntax';
import {
  bodyOf,
  children,
  descendants,
  lineOf,
  textOf
} from '../../analysis/syntax';
import type { IArrayIteration } from '../../templates/loops';
import { subscriptOf, vectorise } from '../../templates/vecexpr';

/**
 * The reason a loop cannot be array code when it reads an element its own earlier iterations
 * wrote (`a[i] = a[i - 1] + x[i]`): array code reads every element before writing any.
 */
export function recurrence(
  parsed: IParsed,
  loop: SyntaxNode,
  iteration: IArrayIteration
): string | null {
  const written = new Map<string, number>();
  for (const item of descendants(loop)) {
    const target = item.name === 'AssignStatement' ? item.firstChild : null;
    const indexed = target ? subscriptOf(iteration.scope, target) : null;
    if (indexed) {
      written.set(`${indexed.sequence}[${indexed.prefix}`, indexed.offset);
    }
  }
  for (const item of descendants(loop)) {
    const indexed = subscriptOf(iteration.scope, item);
    const offset = indexed
      ? written.get(`${indexed.sequence}[${indexed.prefix}`)
      : undefined;
    if (indexed && offset !== undefined && offset !== indexed.offset) {
      return `line ${lineOf(parsed.text, item.from)} reads ${textOf(parsed, item)}, which the loop itself writes: each step needs the one before, which array code cannot give.`;
    }
  }
  // `total += x[i]` then `y[i] = total`: each step reads the total so far, not the sum at the end.
  const body = bodyOf(loop);
  const totals = body
    .filter(statement => statement.name === 'UpdateStatement')
    .map(statement => statement.firstChild)
    .filter(target => target?.name === 'VariableName')
    .map(target => textOf(parsed, target!));
  for (const statement of body) {
    const read = descendants(statement).find(
      (item, at) =>
        item.name === 'VariableName' &&
        totals.includes(textOf(parsed, item)) &&
        !(statement.name === 'UpdateStatement' && at === 1)
    );
    if (read) {
      return `line ${lineOf(parsed.text, read.from)} reads ${textOf(parsed, read)} while the loop adds to it: each step needs the total so far, which array code cannot give.`;
    }
  }
  return null;
}

/**
 * A running sum or product, `b[i] = b[i - 1] + a[i]`: the one recurrence NumPy has a function
 * for. The first value leads the cumulative sum so it adds in the loop's own order, bit for bit.
 */
export function cumulative(
  parsed: IParsed,
  loop: SyntaxNode,
  iteration: IArrayIteration
): { code: string; name: string; op: string } | null {
  const body = bodyOf(loop);
  const parts = body.length === 1 ? children(body[0]) : [];
  if (body[0]?.name !== 'AssignStatement' || parts.length !== 3) {
    return null;
  }
  const target = subscriptOf(iteration.scope, parts[0]);
  const sum = children(parts[2]);
  const op = sum[1] ? textOf(parsed, sum[1]) : '';
  if (
    target === null ||
    target.prefix !== '' ||
    target.sequence !== target.root ||
    parts[2].name !== 'BinaryExpression' ||
    sum.length !== 3 ||
    (op !== '+' && op !== '*')
  ) {
    return null;
  }
  const previous = (node: SyntaxNode) => {
    const read = subscriptOf(iteration.scope, node);
    return (
      read?.sequence === target.sequence && read.offset === target.offset - 1
    );
  };
  const term = previous(sum[0]) ? sum[2] : previous(sum[2]) ? sum[0] : null;
  const reads = (node: SyntaxNode) =>
    descendants(node).some(
      item =>
        item.name === 'VariableName' && textOf(parsed, item) === target.sequence
    );
  const slice = iteration.sliceAt(target.offset);
  const before = iteration.sliceAt(target.offset - 1);
  const terms = term && !reads(term) ? vectorise(iteration.scope, term) : null;
  if (!terms || !slice || !before) {
    return null;
  }
  const name = target.sequence;
  const first = `${name}[${before.split(':')[0] || '0'}]`;
  const fn = op === '+' ? 'np.cumsum' : 'np.cumprod';
  return {
    code: `${name}[${slice}] = ${fn}(np.concatenate(([${first}], np.broadcast_to(${terms}, np.shape(${name}[${slice}])))))[1:]`,
    name,
    op
  };
}
