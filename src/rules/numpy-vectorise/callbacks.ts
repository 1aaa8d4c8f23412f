/**
 * pandas calling Python once per element or row, rewritten as whole-column code:
 * - `s.map(f)`, `s.apply(lambda x: …)`: the expression the function computes, on the column
 *   (`x[-1]` is `s.str[-1]`, `math.sqrt(x) * 2` is `np.sqrt(s) * 2`, `mapping.get(x, x)` is
 *   `s.where(~s.isin(list(mapping)), s.map(mapping))`), or, for a function of several
 *   statements, its column version called once (column-function.ts);
 * - `X.apply(…, axis=1)`, row loops and comprehensions over rows (rows.ts).
 * Anything the translation cannot read is left as it is.
 */
import type { SyntaxNode } from '@lezer/common';

import { cellById, findFunction } from '../../analysis/callgraph';
import { cellParse } from '../../analysis/cell';
import type { IEdit, IParsed } from '../../analysis/syntax';
import {
  children,
  lineOf,
  textOf,
  topStatements,
  walk
} from '../../analysis/syntax';
import type { ITemplateContext } from '../../templates/types';
import { indentAt } from '../../templates/cells';
import { editSource } from '../../templates/source';
import type { IColumnFunction } from './column-function';
import { bodyStatements, columnFunction } from './column-function';
import { argumentsOf, columnExpr } from './columns';
import type { IRowContext } from './rows';
import { rowApply, rowComprehension, rowLoop } from './rows';

/** The rewrite of the cell, the names bound from the rewritten code, and the column versions
 * of notebook functions it calls (to define before it). */
export interface ICallbackRewrite {
  code: string;
  changed: string[];
  definitions: string[];
}

/** Series methods that call their function on each element. */
const PER_ELEMENT_METHODS = new Set(['map', 'apply']);

const REWRITTEN = new Set([
  'CallExpression',
  'ForStatement',
  'ArrayComprehensionExpression'
]);

/**
 * Rewrites the per-element and per-row code on `lines` (the finding's row lines), or null when
 * none of it has a column form.
 */
export function callbackRewrite(
  ctx: ITemplateContext,
  lines: readonly number[]
): ICallbackRewrite | null {
  const parsed = ctx.parsed;
  const edits: IEdit[] = [];
  const changed = new Set<string>();
  const functions = columnFunctions(ctx);
  const rows: IRowContext = {
    parsed,
    columnFunction: functions.name,
    reNames: moduleAliases(ctx, 're')
  };
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
      const to = node.from + textOf(parsed, node).trimEnd().length;
      const text =
        node.name === 'ForStatement'
          ? rowLoop(
              node,
              rows,
              indentAt(parsed.text, node.from),
              textAfter(parsed, node)
            )
          : node.name === 'ArrayComprehensionExpression'
            ? rowComprehension(node, rows)
            : (rowApply(node, rows) ?? columnForm(node, rows, functions));
      if (text === null) {
        return;
      }
      edits.push({ from: node.from, to, text });
      // A function's own names are gone once it returns: what it changes is read at its calls.
      if (!inFunction(node)) {
        assignedBy(node, parsed).forEach(name => changed.add(name));
        if (node.name === 'ForStatement') {
          appendedIn(text).forEach(name => changed.add(name));
        }
      }
      mutatedArguments(node, parsed).forEach(name => changed.add(name));
    },
    { only: REWRITTEN }
  );
  if (edits.length === 0) {
    return null;
  }
  return {
    code: editSource(ctx, 0, parsed.text.length, edits),
    changed: [...changed],
    definitions: functions.used()
  };
}

/** Names bound to `module` in this cell (`import re as regex`) and the module's own name. */
export function moduleAliases(
  ctx: ITemplateContext,
  module: string
): Set<string> {
  const names = new Set([module]);
  ctx.analysis.imports
    .filter(item => item.module === module)
    .forEach(item => names.add(item.alias));
  return names;
}

/** The column versions of the notebook's functions, made when first asked for. */
export interface IColumnFunctions {
  /** The column version's name (made and kept when first asked for), or null. */
  name: (fn: string) => string | null;
  /** The definitions of those asked for. */
  used: () => string[];
}

/** One set per render, shared by all the rewrites of that render. */
const REGISTRIES = new WeakMap<ITemplateContext, IColumnFunctions>();

export function columnFunctions(ctx: ITemplateContext): IColumnFunctions {
  let registry = REGISTRIES.get(ctx);
  if (!registry) {
    registry = makeColumnFunctions(ctx);
    REGISTRIES.set(ctx, registry);
  }
  return registry;
}

function makeColumnFunctions(ctx: ITemplateContext): IColumnFunctions {
  const made = new Map<string, IColumnFunction | null>();
  const reNames = moduleAliases(ctx, 're');
  return {
    name: fn => {
      if (!made.has(fn)) {
        const found = definitionNode(ctx, fn);
        made.set(
          fn,
          found ? columnFunction(found.node, found.parsed, reNames) : null
        );
      }
      return made.get(fn)?.name ?? null;
    },
    used: () => [...made.values()].flatMap(made => (made ? [made.code] : []))
  };
}

/** The definition a call of `name` reaches: this cell's, else the one the call graph finds. */
function definitionNode(
  ctx: ITemplateContext,
  name: string
): { node: SyntaxNode; parsed: IParsed } | null {
  const named = (parsed: IParsed): SyntaxNode | null =>
    topStatements(parsed)
      .filter(
        node =>
          node.name === 'FunctionDefinition' &&
          textOf(parsed, node.getChild('VariableName') ?? node) === name
      )
      .pop() ?? null;
  const own = named(ctx.parsed);
  if (own) {
    return { node: own, parsed: ctx.parsed };
  }
  const ref = ctx.notebook
    ? findFunction(name, ctx.cellId, ctx.notebook)
    : null;
  const analysis =
    ref && ctx.notebook ? cellById(ctx.notebook, ref.cellId) : undefined;
  if (!ref || !analysis) {
    return null;
  }
  const parsed = cellParse(analysis, ctx.cellSources[ref.cellId] ?? '');
  const node = named(parsed);
  return node ? { node, parsed } : null;
}

/** The code after `node` in the function around it (or the rest of the cell). */
function textAfter(parsed: IParsed, node: SyntaxNode): string {
  let around: SyntaxNode | null = node.parent;
  while (around && around.name !== 'FunctionDefinition') {
    around = around.parent;
  }
  return parsed.text.slice(node.to, around ? around.to : parsed.text.length);
}

function inFunction(node: SyntaxNode): boolean {
  for (let up = node.parent; up; up = up.parent) {
    if (up.name === 'FunctionDefinition') {
      return true;
    }
  }
  return false;
}

/** The lists a rewritten loop extends. */
function appendedIn(code: string): string[] {
  return [...code.matchAll(/^\s*(\w+)\.extend\(/gmu)].map(match => match[1]);
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

/**
 * When `node` is in a function of the cell that assigns into a parameter (`df["cost"] = …`),
 * the names the cell passes there: the function changes them, the verify cell compares them.
 */
function mutatedArguments(node: SyntaxNode, parsed: IParsed): string[] {
  let fn: SyntaxNode | null = node.parent;
  while (fn && fn.name !== 'FunctionDefinition') {
    fn = fn.parent;
  }
  const params = fn?.getChild('ParamList');
  const name = fn?.getChild('VariableName');
  if (!fn || !params || !name) {
    return [];
  }
  const positions = children(params)
    .filter(
      (p, i, all) =>
        p.name === 'VariableName' && all[i - 1]?.name !== 'AssignOp'
    )
    .map(p => textOf(parsed, p));
  const changedParams = new Set<string>();
  walk(
    fn,
    statement => {
      const target = statement.firstChild;
      let base: SyntaxNode | null = target;
      while (base?.name === 'MemberExpression') {
        base = base.firstChild;
      }
      if (
        target?.name === 'MemberExpression' &&
        base?.name === 'VariableName'
      ) {
        changedParams.add(textOf(parsed, base));
      }
    },
    { only: new Set(['AssignStatement']) }
  );
  const out: string[] = [];
  walk(
    parsed.tree.topNode,
    call => {
      const [callee, argList] = children(call);
      if (
        callee?.name !== 'VariableName' ||
        textOf(parsed, callee) !== textOf(parsed, name) ||
        argList?.name !== 'ArgList'
      ) {
        return;
      }
      argumentsOf(argList, parsed).forEach((arg, i) => {
        const param = arg.keyword ?? positions[i];
        if (
          !arg.star &&
          arg.value.name === 'VariableName' &&
          changedParams.has(param)
        ) {
          out.push(textOf(parsed, arg.value));
        }
      });
    },
    { only: new Set(['CallExpression']), skip: new Set(['FunctionDefinition']) }
  );
  return out;
}

/** `s.map(f)` as a column expression, or null. */
function columnForm(
  call: SyntaxNode,
  rows: IRowContext,
  functions: { name: (fn: string) => string | null }
): string | null {
  const parsed = rows.parsed;
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
  const argNodes = argumentsOf(args, parsed);
  if (argNodes.length !== 1 || argNodes[0].keyword !== null) {
    return null; // keywords (`na_action=`, `args=`) change what the call does
  }
  const seriesText = textOf(parsed, series);
  const fn = functionOf(argNodes[0].value, parsed);
  if (fn) {
    const translated = columnExpr(fn.body, {
      parsed,
      names: new Map([[fn.param, { text: seriesText, column: true }]]),
      reNames: rows.reNames
    });
    return translated?.column ? translated.text : null;
  }
  // A function of several statements: its column version, as a Series like the one `map` makes.
  const value = argNodes[0].value;
  const columns =
    value.name === 'VariableName'
      ? functions.name(textOf(parsed, value))
      : null;
  return columns
    ? `pd.Series(np.asarray(${columns}(${seriesText})), index=${seriesText}.index, name=${seriesText}.name)`
    : null;
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
  const statements = bodyStatements(defs[0].getChild('Body'));
  const ret = statements.length === 1 ? statements[0] : null;
  const value = ret?.name === 'ReturnStatement' ? ret.lastChild : null;
  return names.length === 1 &&
    names[0].name === 'VariableName' &&
    value &&
    value.name !== 'return'
    ? { param: textOf(parsed, names[0]), body: value }
    : null;
}
