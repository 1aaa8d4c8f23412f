/**
 * Python expressions over one element or one row, read as the same expression over whole
 * columns: `math.sqrt(x) * 2` is `np.sqrt(s) * 2`, `x[-1]` is `s.str[-1]`, `row["kwh"]` is
 * `df["kwh"]`, `row["when"].hour` is `df["when"].dt.hour`, `0 <= h < 7 and ok` is
 * `((0 <= h) & (h < 7)) & ok`. What has no column form reads as null: the caller keeps the code.
 */
import type { SyntaxNode } from '@lezer/common';

import type { IParsed } from '../../analysis/syntax';
import { children, textOf, walk } from '../../analysis/syntax';
import { BUILTINS, MATH_TO_NUMPY } from '../../templates/vecexpr';

/** A translated expression: a column (one value per element or row) or a scalar. */
export interface IColumnExpr {
  text: string;
  column: boolean;
}

/** What the names of the code stand for while it is read as column code. */
export interface IColumnScope {
  parsed: IParsed;
  /** Names that read as something else (a parameter as its column); null: not readable. */
  names: ReadonlyMap<string, IColumnExpr | null>;
  /** The frame a row stands for, when `node` is the row (`row`, `df.iloc[i]`); else null. */
  rowFrame?: (node: SyntaxNode) => string | null;
  /** The column version of a notebook function called by `name`, or null. */
  columnFunction?: (name: string) => string | null;
  /** Names bound to the `re` module. */
  reNames?: ReadonlySet<string>;
  /** The columns are NumPy arrays of positions, not pandas Series: `seq[i]` is
   * `np.asarray(seq)[i]`, not a dict lookup mapped over a Series. */
  arrays?: boolean;
  /** With `arrays`: the name of `seq` as an array, made once before the code (`pts_arr`). */
  asArray?: (name: string) => string;
}

/** NumPy's element-wise functions: what `np.f(x)` may be on a whole column. */
const UFUNCS = new Set(Object.values(MATH_TO_NUMPY));

/** str methods pandas has under `.str`, with the same meaning. */
const STR_METHODS = new Set([
  'upper',
  'lower',
  'title',
  'capitalize',
  'strip',
  'lstrip',
  'rstrip',
  'startswith',
  'endswith',
  'replace',
  'split',
  'find',
  'count',
  'isdigit',
  'isalpha',
  'zfill'
]);

/** Attributes of a date and time that pandas has under `.dt`. */
const DATETIME_FIELDS = new Set([
  'year',
  'month',
  'day',
  'hour',
  'minute',
  'second',
  'microsecond',
  'dayofweek',
  'dayofyear',
  'quarter'
]);

/** Built-ins read element-wise (`float` on a column is not `np.float64` of it). */
const COLUMN_BUILTINS = new Set(['abs', 'min', 'max', 'round']);

/** One argument of a call: `name=value` (keyword), `*value` (star) or `value`. */
export interface IArgument {
  keyword: string | null;
  star: boolean;
  value: SyntaxNode;
}

/** The arguments of an argument list, in order. */
export function argumentsOf(argList: SyntaxNode, parsed: IParsed): IArgument[] {
  const parts = children(argList).filter(
    c => c.name !== '(' && c.name !== ')' && c.name !== ','
  );
  const out: IArgument[] = [];
  for (let i = 0; i < parts.length; i++) {
    const next = parts[i + 1];
    if (next?.name === 'AssignOp' && parts[i + 2]) {
      out.push({
        keyword: textOf(parsed, parts[i]),
        star: false,
        value: parts[i + 2]
      });
      i += 2;
    } else if (parts[i].name === '*' && next) {
      out.push({ keyword: null, star: true, value: next });
      i += 1;
    } else {
      out.push({ keyword: null, star: false, value: parts[i] });
    }
  }
  return out;
}

/** `name = value` with one plain name on the left: the name and the value node, or null. */
export function plainAssignment(
  statement: SyntaxNode,
  parsed: IParsed
): { target: string; value: SyntaxNode } | null {
  const [target, op, value, ...rest] = children(statement);
  return statement.name === 'AssignStatement' &&
    target?.name === 'VariableName' &&
    op?.name === 'AssignOp' &&
    value &&
    rest.length === 0
    ? { target: textOf(parsed, target), value }
    : null;
}

/**
 * Whether a loop body carries a value from one iteration to the next: a name it assigns is read
 * before that assignment (`x = prev + v; prev = x`). Such a body has no column form.
 */
export function carriesState(
  statements: readonly SyntaxNode[],
  parsed: IParsed
): boolean {
  const assigned = new Set(
    statements.flatMap(statement => {
      const found = plainAssignment(statement, parsed);
      return found ? [found.target] : [];
    })
  );
  const seen = new Set<string>();
  for (const statement of statements) {
    const found = plainAssignment(statement, parsed);
    const read = found ? found.value : statement;
    const readsUnset = (n: SyntaxNode): boolean =>
      n.name === 'VariableName' &&
      assigned.has(textOf(parsed, n)) &&
      !seen.has(textOf(parsed, n));
    let early = readsUnset(read);
    walk(read, n => {
      early ||= readsUnset(n);
      return early;
    });
    if (early) {
      return true;
    }
    if (found) {
      seen.add(found.target);
    }
  }
  return false;
}

/** `expr` as a column expression, or null. `condition`: read where Python reads a truth value
 * (an `if` test), so `and`/`or`/`not` and `re.search` have their element-wise forms. */
export function columnExpr(
  node: SyntaxNode,
  scope: IColumnScope,
  condition = false
): IColumnExpr | null {
  const parsed = scope.parsed;
  const text = textOf(parsed, node);
  const sub = (n: SyntaxNode, asCondition = false): IColumnExpr | null =>
    columnExpr(n, scope, asCondition);
  switch (node.name) {
    case 'VariableName':
      return scope.names.has(text)
        ? (scope.names.get(text) ?? null)
        : scope.rowFrame?.(node)
          ? null // the row itself, not one of its values
          : { text, column: false };
    case 'Number':
    case 'String':
    case 'Boolean':
    case 'None':
      return { text, column: false };
    case 'ParenthesizedExpression': {
      const inner = children(node).filter(
        c => c.name !== '(' && c.name !== ')'
      );
      const got = inner.length === 1 ? sub(inner[0], condition) : null;
      return got ? { text: `(${got.text})`, column: got.column } : null;
    }
    case 'UnaryExpression': {
      const [op, operand] = children(node);
      const not = textOf(parsed, op) === 'not';
      const got = operand ? sub(operand, not && condition) : null;
      if (!got) {
        return null;
      }
      if (not) {
        return !got.column
          ? { text: `not ${got.text}`, column: false }
          : condition
            ? { text: `~(${got.text})`, column: true }
            : null;
      }
      return { text: `${textOf(parsed, op)}${got.text}`, column: got.column };
    }
    case 'BinaryExpression':
      return binary(node, scope, condition);
    case 'MemberExpression':
      return member(node, scope);
    case 'CallExpression':
      return call(node, scope, condition);
    default:
      return null;
  }
}

function binary(
  node: SyntaxNode,
  scope: IColumnScope,
  condition: boolean
): IColumnExpr | null {
  const parsed = scope.parsed;
  const parts = children(node);
  const [left, op] = parts;
  const right = parts[parts.length - 1];
  if (!left || !op || !right) {
    return null;
  }
  if (parts.length === 4 && op.name === 'not' && parts[2].name === 'in') {
    return membership(left, right, true, scope); // `a not in b`: four children
  }
  if (parts.length !== 3) {
    return null;
  }
  const opText = textOf(parsed, op);
  if (op.name === 'and' || op.name === 'or') {
    const a = columnExpr(left, scope, condition);
    const b = columnExpr(right, scope, condition);
    if (!a || !b) {
      return null;
    }
    if (!a.column && !b.column) {
      return { text: `${a.text} ${opText} ${b.text}`, column: false };
    }
    // On columns only truth values combine element-wise: `x and y` of numbers means more.
    return condition
      ? {
          text: `(${a.text}) ${op.name === 'and' ? '&' : '|'} (${b.text})`,
          column: true
        }
      : null;
  }
  if (op.name === 'in') {
    return membership(left, right, false, scope);
  }
  if (op.name !== 'ArithOp' && op.name !== 'CompareOp') {
    return null; // `is`, bit operations on each element mean something else on a column
  }
  if (
    op.name === 'CompareOp' &&
    left.name === 'BinaryExpression' &&
    left.getChild('CompareOp')
  ) {
    // `a < b < c`: each comparison on its own, both true.
    const middle = left.lastChild;
    const first = columnExpr(left, scope);
    const last = middle ? columnExpr(middle, scope) : null;
    const end = columnExpr(right, scope);
    if (!first || !last || !end) {
      return null;
    }
    const column = first.column || end.column;
    return column
      ? {
          text: `(${first.text}) & (${last.text} ${opText} ${end.text})`,
          column
        }
      : { text: textOf(parsed, node), column: false };
  }
  const a = columnExpr(left, scope);
  const b = columnExpr(right, scope);
  return a && b
    ? { text: `${a.text} ${opText} ${b.text}`, column: a.column || b.column }
    : null;
}

/** `x in (1, 2)` -> `x.isin([1, 2])`; `"ab" in x` -> `x.str.contains("ab", regex=False)`. */
function membership(
  left: SyntaxNode,
  right: SyntaxNode,
  negated: boolean,
  scope: IColumnScope
): IColumnExpr | null {
  const a = columnExpr(left, scope);
  const b = columnExpr(right, scope);
  if (!a || !b) {
    return null;
  }
  const wrap = (text: string): IColumnExpr => ({
    text: negated ? `~${text}` : text,
    column: true
  });
  if (a.column && !b.column) {
    const literal =
      right.name === 'TupleExpression' ||
      right.name === 'ArrayExpression' ||
      right.name === 'SetExpression';
    const items = literal ? b.text.slice(1, -1) : null;
    return wrap(
      items !== null
        ? `${a.text}.isin([${items}])`
        : `${a.text}.isin(${b.text})`
    );
  }
  if (!a.column && b.column && left.name === 'String') {
    return wrap(`${b.text}.str.contains(${a.text}, regex=False)`);
  }
  return a.column || b.column
    ? null
    : {
        text: `${a.text} ${negated ? 'not in' : 'in'} ${b.text}`,
        column: false
      };
}

/** Subscripts and attributes: of a row, of each element, or of a scalar. */
function member(node: SyntaxNode, scope: IColumnScope): IColumnExpr | null {
  const parsed = scope.parsed;
  const parts = children(node);
  const base = parts[0];
  const frame = base ? scope.rowFrame?.(base) : null;
  if (parts[1]?.name === '.') {
    const name = textOf(parsed, parts[parts.length - 1]);
    if (frame) {
      // `row.kwh` is the column; `row.name` / `row.Index` is the row's label, not a column.
      return name === 'name' || name === 'Index'
        ? null
        : { text: `${frame}[${JSON.stringify(name)}]`, column: true };
    }
    const got = base ? columnExpr(base, scope) : null;
    if (!got) {
      return null;
    }
    if (!got.column) {
      return { text: `${got.text}.${name}`, column: false }; // `math.pi`
    }
    return DATETIME_FIELDS.has(name)
      ? { text: `${got.text}.dt.${name}`, column: true }
      : null;
  }
  if (parts[1]?.name !== '[') {
    return null;
  }
  const index = parts.slice(2, -1);
  if (frame) {
    return index.length === 1 && index[0].name === 'String'
      ? { text: `${frame}[${textOf(parsed, index[0])}]`, column: true }
      : null;
  }
  const got = base ? columnExpr(base, scope) : null;
  const key = index.length === 1 ? columnExpr(index[0], scope) : null;
  if (got && !got.column && base.name === 'VariableName' && key?.column) {
    // `mapping[x]`: a lookup per element is the Series mapped through the dict (on arrays of
    // positions, the elements at those positions).
    return scope.arrays
      ? {
          text: `${scope.asArray?.(got.text) ?? `np.asarray(${got.text})`}[${key.text}]`,
          column: true
        }
      : { text: `${key.text}.map(${got.text})`, column: true };
  }
  const constant = index.every(
    c => c.name === ':' || c.name === 'Number' || c.name === 'UnaryExpression'
  );
  if (got && !got.column && (key ? !key.column : constant)) {
    return { text: textOf(parsed, node), column: false };
  }
  if (!got?.column || !constant) {
    return null;
  }
  const at = index.map(c => textOf(parsed, c)).join('');
  if (scope.arrays) {
    // `p[0]` of each element (a point of a list of points): the last axis of the array.
    return index.length === 1 && index[0].name !== ':'
      ? { text: `${got.text}[..., ${at}]`, column: true }
      : null;
  }
  return { text: `${got.text}.str[${at}]`, column: true };
}

/** Calls: NumPy's forms of math and built-ins, `.str` methods, notebook functions' column forms. */
function call(
  node: SyntaxNode,
  scope: IColumnScope,
  condition: boolean
): IColumnExpr | null {
  const parsed = scope.parsed;
  const [callee, argList] = children(node);
  if (!callee || argList?.name !== 'ArgList') {
    return null;
  }
  const args = argumentsOf(argList, parsed);
  if (args.some(arg => arg.star)) {
    return null;
  }
  const translated = args.map(arg => columnExpr(arg.value, scope));
  if (translated.some(arg => arg === null)) {
    return null;
  }
  const values = translated as IColumnExpr[];
  const texts = values.map((value, i) =>
    args[i].keyword !== null ? `${args[i].keyword}=${value.text}` : value.text
  );
  const anyColumn = values.some(value => value.column);
  const positional = args.every(arg => arg.keyword === null);
  if (callee.name === 'VariableName') {
    const name = textOf(parsed, callee);
    if (scope.names.has(name)) {
      return null; // a parameter or local called: whatever it is, not a known function
    }
    if (name === 'len' && args.length === 1 && anyColumn) {
      return { text: `${texts[0]}.str.len()`, column: true };
    }
    const builtin = BUILTINS[name];
    if (
      builtin &&
      COLUMN_BUILTINS.has(name) &&
      positional &&
      (builtin.arity === null || builtin.arity === args.length)
    ) {
      return { text: `${builtin.fn}(${texts.join(', ')})`, column: anyColumn };
    }
    const columns = anyColumn ? scope.columnFunction?.(name) : null;
    return columns
      ? { text: `${columns}(${texts.join(', ')})`, column: true }
      : null;
  }
  if (callee.name !== 'MemberExpression' || !positional) {
    return null;
  }
  const parts = children(callee);
  const object = parts[0];
  const method = parts[parts.length - 1];
  if (parts.length !== 3 || method.name !== 'PropertyName') {
    return null;
  }
  const owner = textOf(parsed, object);
  const name = textOf(parsed, method);
  if (
    name === 'get' &&
    object.name === 'VariableName' &&
    !scope.names.has(owner) &&
    args.length === 2 &&
    values[0].column &&
    values[0].text === values[1].text
  ) {
    // `mapping.get(x, x)`: the values the dict names are mapped, the others kept (`replace`
    // says the same, at half the speed of the Python loop it replaces).
    const s = texts[0];
    return {
      text: `${s}.where(~${s}.isin(list(${owner})), ${s}.map(${owner}))`,
      column: true
    };
  }
  if (
    condition &&
    (scope.reNames ?? new Set(['re'])).has(owner) &&
    (name === 'search' || name === 'match') &&
    args.length === 2 &&
    !values[0].column &&
    values[1].column
  ) {
    // `if re.search(p, x):` -> whether each element matches.
    return {
      text:
        name === 'search'
          ? `${texts[1]}.str.contains(${texts[0]}, regex=True)`
          : `${texts[1]}.str.match(${texts[0]})`,
      column: true
    };
  }
  const ufunc =
    owner === 'math'
      ? MATH_TO_NUMPY[name]
      : (owner === 'np' || owner === 'numpy') && UFUNCS.has(name)
        ? name
        : undefined;
  if (ufunc !== undefined) {
    return { text: `np.${ufunc}(${texts.join(', ')})`, column: anyColumn };
  }
  const base = columnExpr(object, scope);
  if (base?.column && STR_METHODS.has(name) && !anyColumn) {
    return {
      text: `${base.text}.str.${name}(${texts.join(', ')})`,
      column: true
    };
  }
  return null;
}
