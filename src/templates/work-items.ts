/**
 * Reading a cell's top-level "apply one piece of work to every item" as the pool templates need
 * it: a `for` loop whose last statement stores the item's result (append, `+=`, a dict store by
 * item, or names the loop leaves bound to the last item's values), or a list / dict
 * comprehension bound to a name. Also the Python that gives every item its own random stream,
 * so that a pool's workers (forked with one copy of the kernel's random state) do not repeat
 * each other's draws.
 */
import type { SyntaxNode } from '@lezer/common';

import type { IParsed } from '../analysis/syntax';
import {
  bodyOf,
  children,
  descendants,
  lineOf,
  textOf,
  topStatements
} from '../analysis/syntax';
import { mentionsAny } from '../analysis/dataflow';
import { dedent, indent } from './cells';
import type { ILoopHeader } from './loops';
import { callParts, loopHeader } from './loops';

/** How the loop kept its results. */
export type Collect =
  'append' | 'dict' | 'sum' | 'last' | 'list' | 'mapping' | 'print';

/** One piece of work applied to every item, and where its results go. */
export interface IWorkItems {
  /** 1-based lines of the statement the pool replaces. */
  line: number;
  endLine: number;
  /** The items' expression, e.g. `y0s`. */
  items: string;
  /** The loop target as written (`y0`, `right, wrong`). */
  target: string;
  /** The function applied to one item: a name already defined, or `fn` of `definition`. */
  fn: string;
  /** A definition to add when the work is more than one call of the item, else ''. */
  definition: string;
  /** The names the results go to: one (`data`), or the names a tuple assignment binds. */
  results: string[];
  collect: Collect;
  /** True when the result name starts empty in this cell (bound to the mapped list, not extended). */
  startsEmpty: boolean;
  /** The comprehension when it is the cell's value (its last expression, bound to no name). */
  value?: string | null;
  /** Names the loop carries from one item to the next by a step of their own (`l = l * zoom`,
   * `t += dt`): each item gets the values it started with, replayed in the kernel by `steps`. */
  carried: string[];
  /** The statements of the loop's body that advance `carried`, as written. */
  steps: string[];
  /** The work prints: each item's printed text is kept and printed in the items' order. */
  prints: boolean;
}

const NAME = /^[A-Za-z_]\w*$/;

/** The work of a statement (a for loop, or `name = <comprehension>`), or null. `carried`: the
 * names the analysis found the loop advancing by a step of their own (ILoop.inductions). */
export function workItemsAt(
  parsed: IParsed,
  statement: SyntaxNode,
  carried: readonly string[] = []
): IWorkItems | null {
  if (statement.name === 'ForStatement') {
    return fromLoop(parsed, statement, carried);
  }
  const parts = children(statement);
  if (
    statement.name === 'AssignStatement' &&
    parts.length === 3 &&
    parts[0].name === 'VariableName'
  ) {
    return fromComprehension(
      parsed,
      statement,
      parts[2],
      textOf(parsed, parts[0])
    );
  }
  if (statement.name === 'ExpressionStatement' && parts.length === 1) {
    return fromComprehension(parsed, statement, parts[0], null);
  }
  return null;
}

function fromLoop(
  parsed: IParsed,
  node: SyntaxNode,
  carried: readonly string[]
): IWorkItems | null {
  const header = loopHeader(parsed, node);
  const body = bodyOf(node);
  const stepped = body.map(statement => stepOf(parsed, statement, carried));
  const steps = body.filter((_, i) => stepped[i] !== null);
  // A carried name advanced anywhere but in a step of its own (under an `if`) is no item's own.
  const advanced = new Set(
    stepped.filter((name): name is string => name !== null)
  );
  const rest = body.filter(statement => !steps.includes(statement));
  // Prints after the statement that keeps the item's result (`out.append(r); print(x, r)`) run in
  // the item before it returns, unless they read where the result went.
  let end = rest.length;
  while (end > 1 && isPrint(parsed, rest[end - 1])) {
    end--;
  }
  const last = rest[end - 1];
  if (!header || !last || carried.some(name => !advanced.has(name))) {
    return null;
  }
  const found = storedResult(parsed, last, header.targetText);
  const stored =
    found &&
    !rest
      .slice(end)
      .some(print => mentionsAny(textOf(parsed, print), new Set(found.results)))
      ? found
      : null;
  const prints = printsIn(parsed, node);
  if (!stored && !prints) {
    return null;
  }
  // Nothing stored: the items' results are what they print, and the whole body is the item's.
  const at = stored ? body.indexOf(last) : body.length;
  const after = body.slice(at + 1).map(statement => textOf(parsed, statement));
  const statements = [
    ...body.slice(0, at).map(statement => textOf(parsed, statement)),
    // The result is computed where the loop computed it, before the lines that print.
    ...(stored && after.length > 0
      ? [`item_result = ${textOf(parsed, stored.value)}`, ...after]
      : after)
  ];
  const results = stored?.results ?? [];
  return {
    ...perItem(
      parsed,
      node,
      header,
      stored?.value ?? null,
      statements,
      `${results[0] ?? header.targets[0]}_item`,
      [...advanced],
      stored && after.length > 0 ? 'item_result' : undefined
    ),
    results,
    collect: stored?.collect ?? 'print',
    startsEmpty: stored ? startsEmpty(parsed, results[0], node.from) : false,
    carried: [...advanced],
    steps: steps.map(step => textOf(parsed, step)),
    prints
  };
}

/** The carried name `statement` advances when it is `name = <expr>` or `name += <expr>` of
 * one of `carried`, else null. */
function stepOf(
  parsed: IParsed,
  statement: SyntaxNode,
  carried: readonly string[]
): string | null {
  const target = statement.firstChild;
  if (
    (statement.name !== 'AssignStatement' &&
      statement.name !== 'UpdateStatement') ||
    target?.name !== 'VariableName' ||
    children(statement).filter(part => part.name === 'AssignOp').length > 1
  ) {
    return null;
  }
  const name = textOf(parsed, target);
  return carried.includes(name) ? name : null;
}

/** Whether `statement` is a call of print() and nothing else. */
function isPrint(parsed: IParsed, statement: SyntaxNode): boolean {
  const call = statement.firstChild;
  return (
    statement.name === 'ExpressionStatement' &&
    call?.name === 'CallExpression' &&
    call.firstChild?.name === 'VariableName' &&
    textOf(parsed, call.firstChild) === 'print'
  );
}

/** Whether `node` calls print(). */
function printsIn(parsed: IParsed, node: SyntaxNode): boolean {
  return descendants(node).some(
    item =>
      item.name === 'CallExpression' &&
      item.firstChild?.name === 'VariableName' &&
      textOf(parsed, item.firstChild) === 'print'
  );
}

/**
 * Where the items are and the function one item runs: the called function itself when the
 * value is `f(item)` and nothing comes before it, else `fn`, defined from the statements.
 */
function perItem(
  parsed: IParsed,
  node: SyntaxNode,
  header: ILoopHeader,
  value: SyntaxNode | null,
  before: string[],
  fn: string,
  carried: readonly string[] = [],
  returned?: string
): Pick<
  IWorkItems,
  'line' | 'endLine' | 'items' | 'target' | 'fn' | 'definition'
> {
  const valueCall = value ? callParts(parsed, value) : null;
  const direct =
    before.length === 0 &&
    carried.length === 0 &&
    valueCall !== null &&
    valueCall.args.length === 1 &&
    valueCall.keywords.length === 0 &&
    textOf(parsed, valueCall.args[0]) === header.targetText &&
    NAME.test(valueCall.callee);
  return {
    line: lineOf(parsed.text, node.from),
    endLine: lineOf(parsed.text, node.to - 1),
    items: textOf(parsed, header.iterable),
    target: header.targetText,
    fn: direct && valueCall ? valueCall.callee : fn,
    definition:
      direct && valueCall
        ? ''
        : itemFunction(
            fn,
            carried.length > 0
              ? [...header.targets, ...carried]
              : header.targets,
            carried.length > 0
              ? `${header.targets.length > 1 ? `(${header.targetText})` : header.targetText}, ${carried.join(', ')}`
              : header.targetText,
            before,
            returned ?? (value ? textOf(parsed, value) : 'None')
          )
  };
}

/** The value the loop's last statement stores and where, or null. */
function storedResult(
  parsed: IParsed,
  last: SyntaxNode,
  target: string
): { value: SyntaxNode; results: string[]; collect: Collect } | null {
  const parts = children(last);
  const call =
    last.name === 'ExpressionStatement' ? callParts(parsed, parts[0]) : null;
  if (call && call.callee.endsWith('.append') && call.args.length === 1) {
    const result = call.callee.slice(0, -'.append'.length);
    return NAME.test(result)
      ? { value: call.args[0], results: [result], collect: 'append' }
      : null;
  }
  if (
    last.name === 'UpdateStatement' &&
    textOf(parsed, parts[1]) === '+=' &&
    parts[0].name === 'VariableName'
  ) {
    return {
      value: parts[2],
      results: [textOf(parsed, parts[0])],
      collect: 'sum'
    };
  }
  if (last.name !== 'AssignStatement') {
    return null;
  }
  // `a = ...` or `a, b = ...` (the targets come as separate nodes): one `=` only.
  const ops = parts.filter(part => part.name === 'AssignOp');
  const value = parts[parts.length - 1];
  const left = parts.slice(0, parts.indexOf(ops[0]));
  if (ops.length !== 1 || textOf(parsed, ops[0]) !== '=') {
    return null;
  }
  if (left.length === 1 && left[0].name === 'MemberExpression') {
    const store = children(left[0]);
    const result = textOf(parsed, store[0]);
    return store.length === 4 &&
      textOf(parsed, store[2]) === target &&
      NAME.test(result)
      ? { value, results: [result], collect: 'dict' }
      : null;
  }
  // After the loop these names hold the last item's values.
  const names = left
    .flatMap(part =>
      part.name === 'TupleExpression' || part.name === 'ParenthesizedExpression'
        ? children(part)
        : [part]
    )
    .filter(part => ![',', '(', ')'].includes(part.name));
  return names.length > 0 && names.every(part => part.name === 'VariableName')
    ? {
        value,
        results: names.map(part => textOf(parsed, part)),
        collect: 'last'
      }
    : null;
}

/** `name = [f(x) for x in items]`, `{x: f(x) for x in items}`, or the same as the cell's value
 * (`result` null). */
function fromComprehension(
  parsed: IParsed,
  node: SyntaxNode,
  comprehension: SyntaxNode,
  result: string | null
): IWorkItems | null {
  const isList = comprehension.name === 'ArrayComprehensionExpression';
  const isDict = comprehension.name === 'DictionaryComprehensionExpression';
  const header = isList || isDict ? loopHeader(parsed, comprehension) : null;
  if (!header || header.filtered) {
    return null;
  }
  let value: SyntaxNode | null = header.element;
  if (isDict) {
    // `{key: value for key in items}`: the element is the value after the colon.
    const inner = children(comprehension);
    const colon = inner.findIndex(part => part.name === ':');
    value =
      colon > 0 && textOf(parsed, inner[colon - 1]) === header.targetText
        ? inner[colon + 1]
        : null;
  }
  if (!value) {
    return null;
  }
  return {
    ...perItem(parsed, node, header, value, [], `${result ?? 'value'}_item`),
    results: result === null ? [] : [result],
    collect: isDict ? 'mapping' : 'list',
    startsEmpty: true,
    value: result === null ? textOf(parsed, comprehension) : null,
    carried: [],
    steps: [],
    prints: printsIn(parsed, comprehension)
  };
}

/** `def fn(item): ...; return value` for the loop body's statements. */
function itemFunction(
  fn: string,
  targets: string[],
  targetText: string,
  statements: string[],
  value: string
): string {
  const single = targets.length === 1;
  return [
    `def ${fn}(${single ? targetText : 'item'}):`,
    ...(single ? [] : [`    ${targetText} = item`]),
    ...statements.map(statement => indent(dedent(statement))),
    `    return ${value}`
  ].join('\n');
}

function startsEmpty(parsed: IParsed, name: string, before: number): boolean {
  return topStatements(parsed).some(statement => {
    const parts = children(statement);
    return (
      statement.to <= before &&
      statement.name === 'AssignStatement' &&
      parts.length === 3 &&
      textOf(parsed, parts[0]) === name &&
      ['[]', '{}', '0', '0.0', 'list()', 'dict()'].includes(
        textOf(parsed, parts[2]).replace(/\s/g, '')
      )
    );
  });
}

/** Python storing `mapped` (the results in the items' order) where the original kept them; the
 * loop variable is left bound to the last item, as the loop leaves it. */
export function storeResults(work: IWorkItems): string {
  const [result] = work.results;
  const lines: string[] = [];
  if (work.value) {
    // The cell's value, as the comprehension gave it (the comment says which one it stands for).
    const built =
      work.collect === 'mapping'
        ? 'dict(zip(item_list, mapped))'
        : 'list(mapped)';
    return `${built}  # in place of ${work.value.replace(/\s*\n\s*/g, ' ')}`;
  }
  switch (work.collect) {
    case 'sum':
      lines.push(`${result} ${work.startsEmpty ? '=' : '+='} sum(mapped)`);
      break;
    case 'dict':
      lines.push(`${result}.update(zip(item_list, mapped))`);
      break;
    case 'mapping':
      return `${result} = dict(zip(item_list, mapped))`;
    case 'list':
      return `${result} = list(mapped)`;
    case 'last':
      lines.push(`if mapped:\n    ${work.results.join(', ')} = mapped[-1]`);
      break;
    case 'print':
      break; // printed above, item by item
    default:
      lines.push(
        work.startsEmpty
          ? `${result} = list(mapped)`
          : `${result}.extend(mapped)`
      );
  }
  // With carried values each item is (the loop's item, the values it started with).
  const lastItem =
    work.carried.length > 0 ? 'item_list[-1][0]' : 'item_list[-1]';
  lines.push(`if item_list:\n    ${work.target} = ${lastItem}`);
  return lines.join('\n');
}

/** Calls that draw from a global random stream or make a generator. */
const DRAWS_RANDOM =
  /\b(random\.\w+|np\.random\.\w+|numpy\.random\.\w+|randint|randrange|default_rng|uniform|gauss|shuffle)\s*\(/;

/** True when the cell or a cell it may call draws random numbers (the workers must not share a stream). */
export function drawsRandom(sources: readonly string[]): boolean {
  return sources.some(source => DRAWS_RANDOM.test(source));
}

/**
 * Python defining `seeded_item` around `fn` and binding `work_list` to (seed, item) pairs: each
 * item's seed comes from this kernel's `random` stream, so the run is reproducible when the
 * kernel's seed is set, and no two workers start from the same copied state.
 */
export function seededWork(fn: string): string {
  return [
    'import random',
    '',
    "# The work draws random numbers: each item gets its own seed, taken from this kernel's stream,",
    "# so forked workers never repeat each other's draws (results differ from the one-stream loop",
    '# only as one random sample differs from another).',
    'def seeded_item(pair):',
    '    seed, item = pair',
    '    random.seed(seed)',
    '    numpy_random = __import__("sys").modules.get("numpy.random")',
    '    if numpy_random is not None:',
    '        numpy_random.seed(seed)',
    `    return ${fn}(item)`,
    '',
    'work_list = [(random.getrandbits(32), item) for item in item_list]'
  ].join('\n');
}
