/**
 * pandas calling a Python function once per element (`s.map(f)`, `s.apply(lambda x: …)`),
 * rewritten as the whole-column expression the function computes: `x[-1]` on each name is
 * `s.str[-1]`, `math.sqrt(x) * 2` is `np.sqrt(s) * 2`, `mapping.get(x, x)` is
 * `s.where(~s.isin(list(mapping)), s.map(mapping))`. Only functions of one parameter whose
 * body is one expression built from that parameter, literals, names, arithmetic, NumPy's
 * element-wise functions and string methods are rewritten; anything else is left as it is.
 */
import type { SyntaxNode } from '@lezer/common';

import type { IEdit, IParsed } from '../../analysis/syntax';
import { children, lineOf, textOf, walk } from '../../analysis/syntax';
import type { ITemplateContext } from '../../templates/types';
import { editSource } from '../../templates/source';
import { MATH_TO_NUMPY } from '../../templates/vecexpr';

/** The rewrite of the cell, and the names bound from the rewritten calls. */
export interface ICallbackRewrite {
  code: string;
  changed: string[];
}

/** Series methods that call their function on each element. */
const PER_ELEMENT_METHODS = new Set(['map', 'apply']);

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

/** A translated expression: a column (a Series, one value per element) or a scalar. */
interface IColumnExpr {
  text: string;
  column: boolean;
}

/**
 * Rewrites the per-element calls on `lines` (the finding's row lines), or null when none of
 * them calls a function the rewrite can read.
 */
export function callbackRewrite(
  ctx: ITemplateContext,
  lines: readonly number[]
): ICallbackRewrite | null {
  const parsed = ctx.parsed;
  const edits: IEdit[] = [];
  const changed = new Set<string>();
  walk(
    parsed.tree.topNode,
    node => {
      const line = lineOf(parsed.text, node.from);
      const inside = edits.some(
        edit => node.from < edit.to && node.to > edit.from
      );
      if (!lines.includes(line) || inside) {
        return;
      }
      const text = columnForm(node, parsed);
      if (text === null) {
        return;
      }
      edits.push({ from: node.from, to: node.to, text });
      assignedBy(node, parsed).forEach(name => changed.add(name));
    },
    { only: new Set(['CallExpression']) }
  );
  if (edits.length === 0) {
    return null;
  }
  return {
    code: editSource(ctx, 0, parsed.text.length, edits),
    changed: [...changed]
  };
}

/**
 * The names the statement holding `node` binds or changes: `y = …` binds `y`, `df["y"] = …`
 * changes `df`. The verify cell compares them.
 */
function assignedBy(node: SyntaxNode, parsed: IParsed): string[] {
  let statement: SyntaxNode | null = node.parent;
  while (statement && statement.name !== 'AssignStatement') {
    if (statement.name.endsWith('Statement') || statement.name === 'Script') {
      return [];
    }
    statement = statement.parent;
  }
  const names: string[] = [];
  for (const target of children(statement ?? node)) {
    if (target.name === 'AssignOp') {
      break;
    }
    let base: SyntaxNode | null = target;
    while (base?.name === 'MemberExpression') {
      base = base.firstChild;
    }
    if (base?.name === 'VariableName') {
      names.push(textOf(parsed, base));
    }
  }
  return names;
}

/** `s.map(f)` as a column expression, or null. */
function columnForm(call: SyntaxNode, parsed: IParsed): string | null {
  const [callee, args] = children(call);
  if (callee?.name !== 'MemberExpression' || args?.name !== 'ArgList') {
    return null;
  }
  const parts = children(callee);
  const method = parts[parts.length - 1];
  const series = parts[0];
  if (
    parts.length !== 3 ||
    method.name !== 'PropertyName' ||
    !PER_ELEMENT_METHODS.has(textOf(parsed, method)) ||
    textOf(parsed, series).includes('groupby(')
  ) {
    return null;
  }
  const argNodes = children(args).filter(
    c => c.name !== '(' && c.name !== ')' && c.name !== ','
  );
  if (argNodes.length !== 1) {
    return null; // keywords (`na_action=`, `args=`) change what the call does
  }
  const fn = functionOf(argNodes[0], parsed);
  if (!fn) {
    return null;
  }
  const translated = translate(
    fn.body,
    fn.param,
    textOf(parsed, series),
    parsed
  );
  return translated?.column ? translated.text : null;
}

/** The parameter and the expression a lambda, or a def of this cell, returns. */
function functionOf(
  arg: SyntaxNode,
  parsed: IParsed
): { param: string; body: SyntaxNode } | null {
  if (arg.name === 'LambdaExpression') {
    const params = arg.getChild('ParamList');
    const names = params ? children(params) : [];
    const body = arg.lastChild;
    return names.length === 1 && names[0].name === 'VariableName' && body
      ? { param: textOf(parsed, names[0]), body }
      : null;
  }
  if (arg.name !== 'VariableName') {
    return null;
  }
  const name = textOf(parsed, arg);
  const defs = children(parsed.tree.topNode).filter(
    node =>
      node.name === 'FunctionDefinition' &&
      textOf(parsed, node.getChild('VariableName') ?? node) === name
  );
  // One definition, ahead of the call: a redefinition could hand the call another function.
  if (defs.length !== 1 || defs[0].from > arg.from) {
    return null;
  }
  const params = defs[0].getChild('ParamList');
  const names = params
    ? children(params).filter(c => c.name !== '(' && c.name !== ')')
    : [];
  const statements = children(defs[0].getChild('Body') ?? defs[0]).filter(
    c => c.name !== ':' && c.name !== 'Comment' && !isDocstring(c)
  );
  const ret = statements.length === 1 ? statements[0] : null;
  const value = ret?.name === 'ReturnStatement' ? ret.lastChild : null;
  return names.length === 1 &&
    names[0].name === 'VariableName' &&
    value &&
    value.name !== 'return'
    ? { param: textOf(parsed, names[0]), body: value }
    : null;
}

function isDocstring(node: SyntaxNode): boolean {
  return (
    node.name === 'ExpressionStatement' && node.firstChild?.name === 'String'
  );
}

/** The expression with the parameter read as the whole column, or null where it cannot be. */
function translate(
  node: SyntaxNode,
  param: string,
  series: string,
  parsed: IParsed
): IColumnExpr | null {
  const sub = (n: SyntaxNode): IColumnExpr | null =>
    translate(n, param, series, parsed);
  const text = textOf(parsed, node);
  switch (node.name) {
    case 'VariableName':
      return text === param
        ? { text: series, column: true }
        : { text, column: false };
    case 'Number':
    case 'String':
    case 'Boolean':
      return { text, column: false };
    case 'ParenthesizedExpression': {
      const inner = children(node).filter(
        c => c.name !== '(' && c.name !== ')'
      );
      const got = inner.length === 1 ? sub(inner[0]) : null;
      return got ? { text: `(${got.text})`, column: got.column } : null;
    }
    case 'UnaryExpression': {
      const [op, operand] = children(node);
      const got = operand ? sub(operand) : null;
      return got && textOf(parsed, op) !== 'not'
        ? { text: `${textOf(parsed, op)}${got.text}`, column: got.column }
        : null;
    }
    case 'BinaryExpression': {
      const [left, op, right] = children(node);
      if (
        !left ||
        !op ||
        !right ||
        (op.name !== 'ArithOp' && op.name !== 'CompareOp')
      ) {
        return null; // `and`/`or`/`in` mean something else on a whole column
      }
      const a = sub(left);
      const b = sub(right);
      return a && b
        ? {
            text: `${a.text} ${textOf(parsed, op)} ${b.text}`,
            column: a.column || b.column
          }
        : null;
    }
    case 'MemberExpression':
      return subscript(node, sub, parsed);
    case 'CallExpression':
      return callForm(node, sub, parsed);
    default:
      return null;
  }
}

/** `x[-1]`, `x[1:3]` on each element: `s.str[-1]`; an index into a constant is not read. */
function subscript(
  node: SyntaxNode,
  sub: (n: SyntaxNode) => IColumnExpr | null,
  parsed: IParsed
): IColumnExpr | null {
  const parts = children(node);
  if (parts[1]?.name !== '[') {
    return null; // an attribute of each element (`x.real`)
  }
  const base = sub(parts[0]);
  const index = parts.slice(2, -1);
  const key = index.length === 1 ? sub(index[0]) : null;
  if (base && !base.column && parts[0].name === 'VariableName' && key?.column) {
    // `mapping[x]`: a lookup per element is the Series mapped through the dict.
    return { text: `${key.text}.map(${base.text})`, column: true };
  }
  const constant = index.every(
    c => c.name === ':' || c.name === 'Number' || c.name === 'UnaryExpression'
  );
  return base?.column && constant
    ? {
        text: `${base.text}.str[${index.map(c => textOf(parsed, c)).join('')}]`,
        column: true
      }
    : null;
}

/** `math.sqrt(x)` -> `np.sqrt(s)`, `len(x)` -> `s.str.len()`, `x.upper()` -> `s.str.upper()`. */
function callForm(
  node: SyntaxNode,
  sub: (n: SyntaxNode) => IColumnExpr | null,
  parsed: IParsed
): IColumnExpr | null {
  const [callee, argList] = children(node);
  const args = argList
    ? children(argList).filter(
        c => c.name !== '(' && c.name !== ')' && c.name !== ','
      )
    : [];
  const translated = args.map(sub);
  if (!callee || translated.some(arg => arg === null)) {
    return null;
  }
  const argTexts = (translated as IColumnExpr[]).map(arg => arg.text);
  const anyColumn = (translated as IColumnExpr[]).some(arg => arg.column);
  if (callee.name === 'VariableName') {
    const name = textOf(parsed, callee);
    if (name === 'len' && args.length === 1 && anyColumn) {
      return { text: `${argTexts[0]}.str.len()`, column: true };
    }
    if (name === 'abs' && args.length === 1) {
      return { text: `np.abs(${argTexts[0]})`, column: anyColumn };
    }
    return null;
  }
  if (callee.name !== 'MemberExpression') {
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
    args.length === 2 &&
    translated[0]?.column &&
    translated[0].text === translated[1]?.text
  ) {
    // `mapping.get(x, x)`: the values the dict names are mapped, the others kept (`replace`
    // says the same, at half the speed of the Python loop it replaces).
    const s = argTexts[0];
    return {
      text: `${s}.where(~${s}.isin(list(${owner})), ${s}.map(${owner}))`,
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
    return { text: `np.${ufunc}(${argTexts.join(', ')})`, column: anyColumn };
  }
  const base = sub(object);
  if (base?.column && STR_METHODS.has(name) && !anyColumn) {
    return {
      text: `${base.text}.str.${name}(${argTexts.join(', ')})`,
      column: true
    };
  }
  return null;
}
