/**
 * Two nested loops over sequences whose body computes a value from both loop variables and
 * keeps its running maximum, minimum or sum (QuantEcon's grid search:
 * `for x in grid: for y in grid: z = f(x, y); if z > m: m = z`): every pair at once on a grid
 * (`np.meshgrid(..., indexing="ij")`, the outer loop's values along the first axis), the value
 * computed on the whole grid, reduced once. NaN is skipped as the loop's `>` skips it.
 * The loop's own names keep their values: the grid's are `<name>_grid`.
 */
import type { SyntaxNode } from '@lezer/common';

import type { IParsed } from '../../analysis/syntax';
import { bodyOf, children, statementsOf, textOf } from '../../analysis/syntax';
import { loopHeader } from '../../templates/loops';
import type { IColumnExpr } from './columns';
import { carriesState, columnExpr, plainAssignment } from './columns';

/** How a running value is kept, and its one-call form. */
const KEPT: Readonly<Record<string, { fn: string; reduce: string }>> = {
  '>': { fn: 'max', reduce: 'np.nanmax' },
  '>=': { fn: 'max', reduce: 'np.nanmax' },
  '<': { fn: 'min', reduce: 'np.nanmin' },
  '<=': { fn: 'min', reduce: 'np.nanmin' }
};

/** The grid form of a nested loop, and the name it reduces into; null when it is not one. */
export function gridLoop(
  parsed: IParsed,
  loop: SyntaxNode,
  columnFunction: (name: string) => string | null
): { code: string; names: string[] } | null {
  const outer = loopHeader(parsed, loop);
  const outerBody = bodyOf(loop);
  const inner =
    outerBody.length === 1 && outerBody[0].name === 'ForStatement'
      ? outerBody[0]
      : null;
  const header = inner ? loopHeader(parsed, inner) : null;
  if (
    !outer ||
    !inner ||
    !header ||
    outer.targets.length !== 1 ||
    header.targets.length !== 1 ||
    loop.getChild('else') ||
    inner.getChild('else')
  ) {
    return null;
  }
  const [a, b] = [outer.targets[0], header.targets[0]];
  const innerOver = textOf(parsed, header.iterable);
  if (new RegExp(`\\b${a}\\b`, 'u').test(innerOver)) {
    return null; // the inner range depends on the outer value: not a grid
  }
  const names = new Map<string, IColumnExpr | null>([
    [a, { text: `${a}_grid`, column: true }],
    [b, { text: `${b}_grid`, column: true }]
  ]);
  const hoisted = new Map<string, string>();
  const asArray = (name: string): string => {
    if (!hoisted.has(name)) {
      hoisted.set(name, `${name}_arr = np.asarray(${name})`);
    }
    return `${name}_arr`;
  };
  const scope = { parsed, names, columnFunction, arrays: true, asArray };
  const statements = bodyOf(inner);
  if (carriesState(statements.slice(0, -1), parsed)) {
    return null;
  }
  const lines = [
    `# was: for ${a} in ${textOf(parsed, outer.iterable)}: for ${b} in ${innerOver}: ... (every pair at once)`,
    `${a}_grid, ${b}_grid = np.meshgrid(np.asarray(${textOf(parsed, outer.iterable)}), np.asarray(${innerOver}), indexing="ij")`
  ];
  for (const statement of statements.slice(0, -1)) {
    const found = plainAssignment(statement, parsed);
    const got = found ? columnExpr(found.value, scope) : null;
    if (!found || !got?.column || found.target === a || found.target === b) {
      return null;
    }
    names.set(found.target, { text: `${found.target}_grid`, column: true });
    lines.push(`${found.target}_grid = ${got.text}`);
  }
  const last = statements[statements.length - 1];
  const kept = last
    ? (runningValue(last, parsed, scope) ??
      tableStore(
        last,
        parsed,
        scope,
        [a, b],
        [outer.iterable, header.iterable]
      ))
    : null;
  if (!kept) {
    return null;
  }
  lines.splice(2, 0, ...hoisted.values());
  lines.push(kept.line);
  return { code: lines.join('\n'), names: [kept.name] };
}

/** `n` of `range(n)`, or null. */
function rangeStop(node: SyntaxNode, parsed: IParsed): string | null {
  const match = /^range\(([^,]+)\)$/su.exec(textOf(parsed, node).trim());
  return match ? match[1].trim() : null;
}

/**
 * `D[i][j] = expr` (or `D[i, j]`) over `range(n)` x `range(m)`: the table's block filled from
 * the grid, row by row for a list of lists (`D[i][:m] = row`), at once for an array. The value
 * must not read the table: every pair is computed before any is stored.
 */
function tableStore(
  statement: SyntaxNode,
  parsed: IParsed,
  scope: Parameters<typeof columnExpr>[1],
  [a, b]: string[],
  iterables: SyntaxNode[]
): { line: string; name: string } | null {
  const [target, op, value, ...rest] = children(statement);
  const stops = iterables.map(node => rangeStop(node, parsed));
  if (
    statement.name !== 'AssignStatement' ||
    op?.name !== 'AssignOp' ||
    !value ||
    rest.length > 0 ||
    target?.name !== 'MemberExpression' ||
    stops.some(stop => stop === null)
  ) {
    return null;
  }
  const text = textOf(parsed, target).replace(/\s+/g, '');
  const match = /^(\w+)(?:\[(\w+)\]\[(\w+)\]|\[(\w+),(\w+)\])$/u.exec(text);
  const table = match?.[1];
  const [i, j] = match ? [match[2] ?? match[4], match[3] ?? match[5]] : [];
  if (
    !table ||
    i !== a ||
    j !== b ||
    new RegExp(`\\b${table}\\b`, 'u').test(textOf(parsed, value))
  ) {
    return null;
  }
  const got = columnExpr(value, scope);
  if (!got?.column) {
    return null;
  }
  const [n, m] = stops as string[];
  const block = `np.broadcast_to(${got.text}, (${n}, ${m}))`;
  return {
    line: match?.[4]
      ? `${table}[:${n}, :${m}] = ${block}`
      : `for ${a}, _row in enumerate(${block}.tolist()):\n    ${table}[${a}][:${m}] = _row`,
    name: table
  };
}

/** `if z > m: m = z` -> `m = max(m, np.nanmax(z_grid))`; `total += z` -> `total += np.sum(z_grid)`. */
function runningValue(
  statement: SyntaxNode,
  parsed: IParsed,
  scope: Parameters<typeof columnExpr>[1]
): { line: string; name: string } | null {
  if (statement.name === 'UpdateStatement') {
    const [target, op, value, ...rest] = children(statement);
    const got = value ? columnExpr(value, scope) : null;
    if (
      target?.name !== 'VariableName' ||
      textOf(parsed, op) !== '+=' ||
      !got?.column ||
      rest.length > 0 ||
      scope.names.has(textOf(parsed, target))
    ) {
      return null;
    }
    const name = textOf(parsed, target);
    return { line: `${name} += np.sum(${got.text})`, name };
  }
  const parts = children(statement);
  const test = parts[1];
  const body = parts[2]?.name === 'Body' ? statementsOf(parts[2]) : [];
  if (
    statement.name !== 'IfStatement' ||
    parts.length !== 3 ||
    test?.name !== 'BinaryExpression' ||
    body.length !== 1
  ) {
    return null;
  }
  const [value, op, kept] = children(test);
  const assigned = plainAssignment(body[0], parsed);
  const how = op ? KEPT[textOf(parsed, op)] : undefined;
  if (
    !how ||
    value?.name !== 'VariableName' ||
    kept?.name !== 'VariableName' ||
    !assigned ||
    assigned.target !== textOf(parsed, kept) ||
    textOf(parsed, assigned.value) !== textOf(parsed, value) ||
    scope.names.has(assigned.target)
  ) {
    return null;
  }
  const got = columnExpr(value, scope);
  if (!got?.column) {
    return null;
  }
  const name = assigned.target;
  return {
    line: `${name} = ${how.fn}(${name}, ${how.reduce}(${got.text}))`,
    name
  };
}
