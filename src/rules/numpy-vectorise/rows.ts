/**
 * pandas code that runs Python once per row, rewritten as whole-column code:
 * - `X.apply(lambda row: f(row["a"], row["b"].hour), axis=1)` ->
 *   `pd.Series(np.asarray(f_columns(X["a"], X["b"].dt.hour)), index=X.index)`;
 * - `for i, row in X.iterrows():`, `for row in X.itertuples():` and `for i in range(len(X)):`
 *   reading `X.iloc[i]`, whose body assigns values of the row and appends them to lists: the
 *   same assignments on the columns, and each list extended by the column;
 * - `[f(*row) for row in X.itertuples(index=False)]` -> the column function on every column;
 * - `if out: out.append(out[-1] + x) else: out.append(x)` per row -> the running sum of the
 *   column, added in the same order (so the sums are the loop's to the last bit).
 * `f_columns` is the notebook function's column version (column-function.ts). A row loop whose
 * body does anything else (prints, branches, reads the row's label or position) is left alone.
 */
import type { SyntaxNode } from '@lezer/common';

import type { IParsed } from '../../analysis/syntax';
import { children, textOf, walk } from '../../analysis/syntax';
import { bodyStatements } from './column-function';
import type { IColumnExpr, IColumnScope } from './columns';
import {
  argumentsOf,
  carriesState,
  columnExpr,
  plainAssignment
} from './columns';

/** What reading a row's code needs from the cell around it. */
export interface IRowContext {
  parsed: IParsed;
  /** The column version of the notebook function `name` (registering its definition), or null. */
  columnFunction: (name: string) => string | null;
  reNames: ReadonlySet<string>;
}

/** A frame's text when `node` is a plain name or a chain of names and subscripts by strings. */
function frameText(node: SyntaxNode | null, parsed: IParsed): string | null {
  if (!node) {
    return null;
  }
  if (node.name === 'VariableName') {
    return textOf(parsed, node);
  }
  const text = textOf(parsed, node);
  return node.name === 'MemberExpression' && /^[\w.]+$/.test(text)
    ? text
    : null;
}

function scopeFor(
  ctx: IRowContext,
  rowFrame: (node: SyntaxNode) => string | null,
  names = new Map<string, IColumnExpr | null>()
): IColumnScope & { names: Map<string, IColumnExpr | null> } {
  return {
    parsed: ctx.parsed,
    names,
    rowFrame,
    columnFunction: ctx.columnFunction,
    reNames: ctx.reNames
  };
}

/** A row passed whole (`f(row)`, `f(*row)`): not a column, the rewrite cannot follow it. */
function rowVariable(name: string, parsed: IParsed) {
  return (node: SyntaxNode): boolean =>
    node.name === 'VariableName' && textOf(parsed, node) === name;
}

/** `X.apply(lambda row: expr, axis=1)` in column form, or null. */
export function rowApply(call: SyntaxNode, ctx: IRowContext): string | null {
  const parsed = ctx.parsed;
  const [callee, argList] = children(call);
  const parts = callee?.name === 'MemberExpression' ? children(callee) : [];
  if (
    parts.length !== 3 ||
    textOf(parsed, parts[2]) !== 'apply' ||
    argList?.name !== 'ArgList'
  ) {
    return null;
  }
  const frame = frameText(parts[0], parsed);
  const args = argumentsOf(argList, parsed);
  const axis = args.find(arg => arg.keyword === 'axis');
  const fn = args.find(arg => arg.keyword === null);
  if (
    !frame ||
    args.length !== 2 ||
    !axis ||
    !['1', '"columns"', "'columns'"].includes(textOf(parsed, axis.value)) ||
    fn?.value.name !== 'LambdaExpression'
  ) {
    return null;
  }
  const params = fn.value.getChild('ParamList');
  const names = params ? children(params) : [];
  const body = fn.value.lastChild;
  if (names.length !== 1 || names[0].name !== 'VariableName' || !body) {
    return null;
  }
  const isRow = rowVariable(textOf(parsed, names[0]), parsed);
  const got = columnExpr(
    body,
    scopeFor(ctx, node => (isRow(node) ? frame : null))
  );
  return got?.column
    ? `pd.Series(np.asarray(${got.text}), index=${frame}.index)`
    : null;
}

/** `[f(*row) for row in X.itertuples(index=False)]` (or `f(row.a, row.b)`) in column form. */
export function rowComprehension(
  node: SyntaxNode,
  ctx: IRowContext
): string | null {
  const parsed = ctx.parsed;
  const parts = children(node);
  // [ expr for target in iterable ]: exactly one `for` and no `if`.
  if (
    node.name !== 'ArrayComprehensionExpression' ||
    parts.length !== 7 ||
    parts[2].name !== 'for' ||
    parts[3].name !== 'VariableName'
  ) {
    return null;
  }
  const rows = rowSource(parts[5], parsed);
  if (!rows || rows.kind !== 'itertuples') {
    return null;
  }
  const target = textOf(parsed, parts[3]);
  const isRow = rowVariable(target, parsed);
  const expr = parts[1];
  const scope = scopeFor(ctx, n => (isRow(n) ? rows.frame : null));
  const got = starCall(expr, isRow, rows, scope) ?? columnExpr(expr, scope);
  return got?.column ? `np.asarray(${got.text}).tolist()` : null;
}

/** `f(*row)` over rows of itertuples(index=False): the column function on every column. */
function starCall(
  expr: SyntaxNode,
  isRow: (node: SyntaxNode) => boolean,
  rows: IRowSource,
  scope: IColumnScope
): IColumnExpr | null {
  const [callee, argList] = children(expr);
  if (
    expr.name !== 'CallExpression' ||
    callee?.name !== 'VariableName' ||
    argList?.name !== 'ArgList' ||
    !rows.withoutIndex
  ) {
    return null;
  }
  const args = argumentsOf(argList, scope.parsed);
  const columns = scope.columnFunction?.(textOf(scope.parsed, callee));
  return columns && args.length === 1 && args[0].star && isRow(args[0].value)
    ? {
        text: `${columns}(*[${rows.frame}[c] for c in ${rows.frame}.columns])`,
        column: true
      }
    : null;
}

/** Where a loop's rows come from. */
interface IRowSource {
  frame: string;
  kind: 'iterrows' | 'itertuples' | 'positions';
  /** itertuples(index=False): the tuple holds the columns only. */
  withoutIndex: boolean;
}

/** `X.iterrows()`, `X.itertuples(...)` or `range(len(X))`, or null. */
function rowSource(node: SyntaxNode, parsed: IParsed): IRowSource | null {
  const [callee, argList] = children(node);
  if (node.name !== 'CallExpression' || argList?.name !== 'ArgList') {
    return null;
  }
  const args = argumentsOf(argList, parsed);
  if (callee?.name === 'MemberExpression') {
    const parts = children(callee);
    const frame = frameText(parts[0], parsed);
    const method = textOf(parsed, parts[parts.length - 1]);
    if (!frame || parts.length !== 3) {
      return null;
    }
    if (method === 'iterrows' && args.length === 0) {
      return { frame, kind: 'iterrows', withoutIndex: false };
    }
    const index = args.find(arg => arg.keyword === 'index');
    if (method === 'itertuples' && args.every(arg => arg.keyword === 'index')) {
      return {
        frame,
        kind: 'itertuples',
        withoutIndex:
          index !== undefined && textOf(parsed, index.value) === 'False'
      };
    }
    return null;
  }
  // range(len(X))
  const inner = args.length === 1 ? args[0].value : null;
  const [lenCallee, lenArgs] = inner ? children(inner) : [];
  if (
    callee?.name !== 'VariableName' ||
    textOf(parsed, callee) !== 'range' ||
    inner?.name !== 'CallExpression' ||
    textOf(parsed, lenCallee) !== 'len' ||
    lenArgs?.name !== 'ArgList'
  ) {
    return null;
  }
  const lenOf = argumentsOf(lenArgs, parsed);
  const frame = lenOf.length === 1 ? frameText(lenOf[0].value, parsed) : null;
  return frame ? { frame, kind: 'positions', withoutIndex: false } : null;
}

/** The row a loop reads: the loop's row variable, or `X.iloc[i]` for a loop over positions. */
function rowReader(
  source: IRowSource,
  targets: SyntaxNode[],
  parsed: IParsed
): { isRow: (node: SyntaxNode) => boolean; hidden: string[] } | null {
  const names = targets.map(t => textOf(parsed, t));
  if (source.kind === 'iterrows') {
    // for label, row in X.iterrows(): the label has no column form here.
    return names.length === 2
      ? { isRow: rowVariable(names[1], parsed), hidden: [names[0]] }
      : null;
  }
  if (source.kind === 'itertuples') {
    return names.length === 1
      ? { isRow: rowVariable(names[0], parsed), hidden: [] }
      : null;
  }
  if (names.length !== 1) {
    return null;
  }
  const position = names[0];
  const atPosition = (node: SyntaxNode): boolean => {
    // `X.iloc[i]`
    const parts = children(node);
    const base = parts[0] ? children(parts[0]) : [];
    return (
      node.name === 'MemberExpression' &&
      parts[1]?.name === '[' &&
      parts.length === 4 &&
      textOf(parsed, parts[2]) === position &&
      parts[0].name === 'MemberExpression' &&
      textOf(parsed, base[base.length - 1]) === 'iloc' &&
      frameText(base[0], parsed) === source.frame
    );
  };
  return { isRow: atPosition, hidden: [position] };
}

/**
 * A row loop in column form: the lines that replace it (the first without indentation, the
 * others with `indent`), or null. `after` is the code that runs after the loop in its block:
 * a name the body assigns must not be read there (it would hold the last row's value).
 */
export function rowLoop(
  loop: SyntaxNode,
  ctx: IRowContext,
  indent: string,
  after: string
): string | null {
  const parsed = ctx.parsed;
  const parts = children(loop);
  const inAt = parts.findIndex(p => p.name === 'in');
  const body = loop.getChild('Body');
  if (
    loop.name !== 'ForStatement' ||
    inAt < 2 ||
    !body ||
    loop.getChild('else')
  ) {
    return null;
  }
  const targets = parts
    .slice(1, inAt)
    .flatMap(p => (p.name === 'TupleExpression' ? children(p) : [p]))
    .filter(p => p.name !== ',');
  if (targets.some(t => t.name !== 'VariableName')) {
    return null;
  }
  const source = rowSource(parts[inAt + 1], parsed);
  const reader = source ? rowReader(source, targets, parsed) : null;
  if (!source || !reader) {
    return null;
  }
  const names = new Map<string, IColumnExpr | null>(
    reader.hidden.map(name => [name, null])
  );
  const scope = scopeFor(
    ctx,
    node => (reader.isRow(node) ? source.frame : null),
    names
  );
  if (carriesState(bodyStatements(body), parsed)) {
    return null;
  }
  const lines: string[] = [];
  const assigned: string[] = [];
  const appended = new Set<string>();
  for (const statement of bodyStatements(body)) {
    const line =
      assignmentLine(statement, scope, assigned) ??
      appendLine(statement, scope, appended) ??
      runningSumLine(statement, scope, appended);
    if (line === null) {
      return null;
    }
    lines.push(line);
  }
  const readAfter = assigned.some(name =>
    new RegExp(`(^|[^\\w.])${name}(?!\\w)`, 'u').test(after)
  );
  if (appended.size === 0 || readAfter || assigned.some(n => appended.has(n))) {
    return null;
  }
  return lines.join(`\n${indent}`);
}

/** `name = expr` of the row: the same on the columns. */
function assignmentLine(
  statement: SyntaxNode,
  scope: IColumnScope & { names: Map<string, IColumnExpr | null> },
  assigned: string[]
): string | null {
  const found = plainAssignment(statement, scope.parsed);
  const got = found ? columnExpr(found.value, scope) : null;
  if (!found || !got?.column) {
    return null;
  }
  const name = found.target;
  scope.names.set(name, { text: name, column: true });
  assigned.push(name);
  return `${name} = ${got.text}`;
}

/** `items.append(expr)` per row: the list extended by the column, once. */
function appendLine(
  statement: SyntaxNode,
  scope: IColumnScope,
  done: Set<string>
): string | null {
  const found = appended(statement, scope.parsed);
  if (!found || done.has(found.list)) {
    return null;
  }
  let readsList = false;
  walk(found.value, n => {
    readsList ||=
      n.name === 'VariableName' && textOf(scope.parsed, n) === found.list;
    return readsList;
  });
  const got = readsList ? null : columnExpr(found.value, scope);
  if (!got?.column) {
    return null;
  }
  done.add(found.list);
  return `${found.list}.extend(np.asarray(${got.text}).tolist())`;
}

/** `items.append(expr)`: the list's name and the appended expression, or null. */
function appended(
  statement: SyntaxNode | undefined,
  parsed: IParsed
): { list: string; value: SyntaxNode } | null {
  const callNode = statement?.firstChild;
  const [callee, argList] = callNode ? children(callNode) : [];
  const parts = callee?.name === 'MemberExpression' ? children(callee) : [];
  const args = argList?.name === 'ArgList' ? argumentsOf(argList, parsed) : [];
  return statement?.name === 'ExpressionStatement' &&
    callNode?.name === 'CallExpression' &&
    parts.length === 3 &&
    parts[0].name === 'VariableName' &&
    textOf(parsed, parts[2]) === 'append' &&
    args.length === 1 &&
    args[0].keyword === null &&
    !args[0].star
    ? { list: textOf(parsed, parts[0]), value: args[0].value }
    : null;
}

/**
 * `if out: out.append(out[-1] + x) else: out.append(x)` (a running sum kept in the list): the
 * list extended by the cumulative sum of the column, started from its last value, so that each
 * sum adds the same numbers in the same order as the loop did.
 */
function runningSumLine(
  statement: SyntaxNode,
  scope: IColumnScope,
  done: Set<string>
): string | null {
  const parsed = scope.parsed;
  const parts = children(statement);
  const bodies = parts.filter(p => p.name === 'Body');
  const test = parts[1];
  if (
    statement.name !== 'IfStatement' ||
    bodies.length !== 2 ||
    !parts.some(p => p.name === 'else') ||
    parts.some(p => p.name === 'elif') ||
    test?.name !== 'VariableName'
  ) {
    return null;
  }
  const list = textOf(parsed, test);
  const only = (body: SyntaxNode) =>
    children(body).filter(n => n.name !== ':' && n.name !== 'Comment');
  const [grow] = only(bodies[0]);
  const [start] = only(bodies[1]);
  const then = only(bodies[0]).length === 1 ? appended(grow, parsed) : null;
  const otherwise =
    only(bodies[1]).length === 1 ? appended(start, parsed) : null;
  const [left, op, right] = then ? children(then.value) : [];
  if (
    !then ||
    !otherwise ||
    then.list !== list ||
    otherwise.list !== list ||
    done.has(list) ||
    then.value.name !== 'BinaryExpression' ||
    textOf(parsed, op) !== '+' ||
    !left ||
    !right ||
    textOf(parsed, left).replace(/\s+/g, '') !== `${list}[-1]` ||
    textOf(parsed, right) !== textOf(parsed, otherwise.value)
  ) {
    return null;
  }
  const got = columnExpr(right, scope);
  if (!got?.column) {
    return null;
  }
  done.add(list);
  return `${list}.extend(np.cumsum(np.concatenate([${list}[-1:], np.asarray(${got.text})]))[len(${list}[-1:]):].tolist())`;
}
