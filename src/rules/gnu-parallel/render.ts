/**
 * gnu-parallel: the loop that starts one external program per item runs twice. First a planning
 * copy with only the statements the command needs records every command (the same arguments, the
 * same subprocess signature) without starting it; GNU Parallel runs them all, `parallel -j <cores>`;
 * then the loop as written takes each finished run, in the items' order, in place of starting it.
 */
import type { SyntaxNode } from '@lezer/common';

import type { ILoop } from '../../analysis/types';
import type { IEdit, IParsed } from '../../analysis/syntax';
import {
  children,
  descendants,
  lineOf,
  replaceLines,
  SourceText,
  statementsOf,
  textOf
} from '../../analysis/syntax';
import { blocks } from '../../templates/cells';
import { callParts } from '../../templates/loops';
import type { IRewrite } from '../../templates/rewrite';
import { defaultOutputs } from '../../templates/rewrite';
import { isTargetLoop } from '../../templates/target';
import { editSource } from '../../templates/source';
import type { ITemplateContext } from '../../templates/types';
import { PARALLEL_HELPERS } from './helpers';

/** The calls that start a program and wait for it, and the plan's method of the same name. */
const RUNNERS: ReadonlyMap<string, string> = new Map([
  ['subprocess.run', 'run'],
  ['subprocess.call', 'call'],
  ['subprocess.check_call', 'check_call'],
  ['subprocess.check_output', 'check_output'],
  ['os.system', 'system']
]);

/** Blocks the planning copy may pass through on the way to the call. */
const PATH_STATEMENTS = new Set([
  'ForStatement',
  'IfStatement',
  'WhileStatement',
  'WithStatement',
  'TryStatement'
]);

/** Statements that change where the loop goes: kept in the planning copy. */
const CONTROL = new Set([
  'BreakStatement',
  'ContinueStatement',
  'ReturnStatement',
  'RaiseStatement'
]);

/** Keywords the job script does not reproduce. */
const NOT_REPRODUCED =
  /^(stdin|executable|preexec_fn|start_new_session|pass_fds|user|group)=/;

/** The loop, the one program call in it, and the planning copy's edits. */
interface IProgramLoop {
  loop: ILoop;
  node: SyntaxNode;
  call: SyntaxNode;
  method: string;
  keywords: string[];
  /** The statement the call is part of. */
  statement: SyntaxNode;
  /** Edits of the loop's text that leave only what the command needs. */
  plan: IEdit[];
}

/** The gnu-parallel rewrite of a cell. */
export function parallelRewrite(ctx: ITemplateContext): IRewrite {
  const found = programLoop(ctx);
  if (typeof found === 'string') {
    return {
      summary:
        'run the external program for all items at once with GNU Parallel.',
      prepare: PARALLEL_HELPERS,
      run: ctx.source.trimEnd(),
      outputs: [],
      todo: [
        `${found} Record the commands first (\`plan = ParallelPlan()\`, then \`plan.run(args, ...)\` in place of \`subprocess.run(args, ...)\` in the loop), run them with \`runs = plan.run_all(n_jobs=<cores>)\`, then take each finished run in the same order with \`runs.run(args, ...)\`.`
      ],
      cleanup: null
    };
  }
  const { loop, keywords } = found;
  const other = keywords.filter(k => NOT_REPRODUCED.test(k));
  const run = replaceLines(
    ctx.source,
    loop.line,
    lineOf(ctx.parsed.text, found.node.to - 1),
    parallelLoop(ctx, found)
  );
  return {
    summary: `the programs the loop on line ${loop.line} starts, one per item of ${loop.iterable?.text ?? ''}, run all at once, ${'`parallel -j <cores>`'}, one job per usable core; the loop then takes each finished run in the items' order.`,
    prepare: blocks(
      'import os\n\n_cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)',
      PARALLEL_HELPERS
    ),
    run: run.trimEnd(),
    outputs: defaultOutputs(ctx, [...loop.appends, ...loop.accumulators]),
    todo:
      other.length > 0
        ? [
            `The call passes ${other.join(', ')}, which the job script does not reproduce; add it to job_script by hand.`
          ]
        : [],
    cleanup: null,
    comparesFiles: true
  };
}

/** The finding's loop with its one program call, or why there is none to rewrite. */
function programLoop(ctx: ITemplateContext): IProgramLoop | string {
  const parsed = ctx.parsed;
  const candidates = ctx.analysis.loops
    .filter(
      item => item.subprocess && item.kind === 'for' && isTargetLoop(ctx, item)
    )
    .sort((a, b) => a.depth - b.depth);
  for (const loop of candidates) {
    const node = forStatementAt(parsed, loop.line);
    if (!node) {
      continue;
    }
    const calls = descendants(node).filter(item => {
      const parts = callParts(parsed, item);
      return parts !== null && RUNNERS.has(parts.callee);
    });
    if (calls.length !== 1) {
      return calls.length === 0
        ? 'The loop starts its program in a way the optimiser cannot plan (only subprocess.run, call, check_call, check_output and os.system can).'
        : `The loop on line ${loop.line} starts ${calls.length} programs per item; the optimiser plans one.`;
    }
    const parts = callParts(parsed, calls[0])!;
    if (parts.args.length !== 1 || insideDefinition(calls[0], node)) {
      return `The call on line ${lineOf(parsed.text, calls[0].from)} passes its command in a way the optimiser cannot plan.`;
    }
    const statement = statementOf(calls[0]);
    const plan = planEdits(parsed, node, calls[0], statement);
    if (typeof plan === 'string') {
      return plan;
    }
    return {
      loop,
      node,
      call: calls[0],
      method: RUNNERS.get(parts.callee)!,
      keywords: parts.keywords,
      statement,
      plan
    };
  }
  return 'The optimiser could not find the loop that starts one program per item here.';
}

/** The `for` statement starting on 1-based `line`, at any depth. */
function forStatementAt(parsed: IParsed, line: number): SyntaxNode | null {
  return (
    descendants(parsed.tree.topNode).find(
      node =>
        node.name === 'ForStatement' && lineOf(parsed.text, node.from) === line
    ) ?? null
  );
}

/** The same node of the tree (a tree hands out new objects for the same node). */
function same(a: SyntaxNode, b: SyntaxNode): boolean {
  return a.from === b.from && a.to === b.to && a.name === b.name;
}

function insideDefinition(node: SyntaxNode, loop: SyntaxNode): boolean {
  for (let at = node.parent; at && !same(at, loop); at = at.parent) {
    if (
      /^(FunctionDefinition|LambdaExpression|ClassDefinition)$/.test(at.name)
    ) {
      return true;
    }
  }
  return false;
}

/**
 * The edits that make the planning copy of `loop`: the call's statement becomes the plan's call;
 * every statement after it, and every other branch, goes; of the statements before it, only those
 * that set (or change) a name the command, or a block around it, reads stay, as do `break`,
 * `continue`, `return` and `raise`. A string says why the loop cannot be planned.
 */
function planEdits(
  parsed: IParsed,
  loop: SyntaxNode,
  call: SyntaxNode,
  statement: SyntaxNode
): IEdit[] | string {
  if (
    PATH_STATEMENTS.has(statement.name) ||
    statement.name === 'ReturnStatement'
  ) {
    return `The program's result is used in a ${statement.name.replace('Statement', '').toLowerCase()} header on line ${lineOf(parsed.text, call.from)}; assign it to a name first.`;
  }
  const needed = new Set(namesIn(parsed, call));
  const modules = moduleNames(parsed);
  const dropped: SyntaxNode[] = [];
  const keep = (node: SyntaxNode) => {
    const control = descendants(node).some(item => CONTROL.has(item.name));
    if (
      control ||
      assigned(parsed, node, modules).some(name => needed.has(name))
    ) {
      namesIn(parsed, node).forEach(name => needed.add(name));
      return true;
    }
    return false;
  };
  const edits: IEdit[] = [];
  let element = statement;
  while (!same(element, loop)) {
    const body = element.parent!;
    const block = body.parent!;
    if (!PATH_STATEMENTS.has(block.name)) {
      return `The call on line ${lineOf(parsed.text, call.from)} sits in a ${block.name} the optimiser cannot plan through.`;
    }
    const statements = statementsOf(body);
    const at = statements.findIndex(item => same(item, element));
    dropped.push(...statements.slice(at + 1));
    for (const before of statements.slice(0, at).reverse()) {
      if (!keep(before)) {
        dropped.push(before);
      }
    }
    // The other branches (else, elif, except) do not lead to the call in this iteration.
    for (const other of children(block).filter(
      item => item.name === 'Body' && !same(item, body)
    )) {
      edits.push(blankBody(parsed, other));
      dropped.push(...statementsOf(other));
    }
    children(block)
      .filter(item => item.name !== 'Body')
      .forEach(item => namesIn(parsed, item).forEach(name => needed.add(name)));
    element = block;
  }
  const carried = dropped.flatMap(node =>
    assigned(parsed, node, modules).filter(name => needed.has(name))
  );
  if (carried.length > 0) {
    return `The command depends on ${[...new Set(carried)].join(', ')}, which the loop sets after starting the program (from one item to the next).`;
  }
  const blanked = new Set(
    edits.flatMap(edit =>
      dropped.filter(node => node.from >= edit.from && node.to <= edit.to)
    )
  );
  const lines = new SourceText(parsed.text);
  for (const node of dropped.filter(item => !blanked.has(item))) {
    edits.push(dropStatement(parsed, lines, node));
  }
  return edits;
}

/** The statement of a loop's body that `node` is part of. */
function statementOf(node: SyntaxNode): SyntaxNode {
  let statement = node;
  while (statement.parent && statement.parent.name !== 'Body') {
    statement = statement.parent;
  }
  return statement;
}

/** An edit that replaces every statement of a body by `pass`. */
function blankBody(parsed: IParsed, body: SyntaxNode): IEdit {
  const statements = statementsOf(body);
  return {
    from: statements[0].from,
    to: endOf(parsed, statements[statements.length - 1]),
    text: 'pass'
  };
}

/** An edit that deletes a statement's lines, or puts `pass` in its place when it shares them. */
function dropStatement(
  parsed: IParsed,
  lines: SourceText,
  node: SyntaxNode
): IEdit {
  const to = endOf(parsed, node);
  const first = lineOf(parsed.text, node.from);
  const last = lineOf(parsed.text, to);
  const start = lines.lineStart(first);
  const end =
    last < lines.lineCount ? lines.lineStart(last + 1) : parsed.text.length;
  const alone =
    parsed.text.slice(start, node.from).trim() === '' &&
    /^\s*(#.*)?$/.test(parsed.text.slice(to, end).replace(/\n$/, ''));
  return alone
    ? { from: start, to: end, text: '' }
    : { from: node.from, to, text: 'pass' };
}

/** Where a statement's own text ends: a compound statement's node runs on over the blank lines
 * and indentation after it. */
function endOf(parsed: IParsed, node: SyntaxNode): number {
  return node.from + textOf(parsed, node).trimEnd().length;
}

/** Methods that change the object they are called on (list, dict, set). */
const MUTATORS = new Set([
  'append',
  'extend',
  'insert',
  'pop',
  'remove',
  'clear',
  'update',
  'add',
  'discard',
  'setdefault',
  'sort',
  'reverse'
]);

/** Module names: `os.remove(...)` changes no name. The cell's imports and the usual modules. */
function moduleNames(parsed: IParsed): Set<string> {
  const out = new Set(['os', 'sys', 'shutil', 'subprocess', 'glob', 'pathlib']);
  for (const node of descendants(parsed.tree.topNode)) {
    if (node.name === 'ImportStatement') {
      children(node)
        .filter(part => part.name === 'VariableName')
        .forEach(part => out.add(textOf(parsed, part)));
    }
  }
  return out;
}

/** Names read anywhere under `node`. */
function namesIn(parsed: IParsed, node: SyntaxNode): string[] {
  return descendants(node)
    .filter(item => item.name === 'VariableName')
    .map(item => textOf(parsed, item));
}

/**
 * Names a statement sets or changes: assignment and loop targets (a subscript or attribute target
 * changes its base), `as` names, imports, and the object of a method call (`args.insert(...)`).
 */
function assigned(
  parsed: IParsed,
  node: SyntaxNode,
  modules: ReadonlySet<string>
): string[] {
  const out: string[] = [];
  for (const item of descendants(node)) {
    const parts = children(item);
    if (item.name === 'AssignStatement' || item.name === 'UpdateStatement') {
      const op = parts.findIndex(
        part => part.name === 'AssignOp' || part.name === 'UpdateOp'
      );
      parts
        .slice(0, op)
        .filter(part => part.name !== ',')
        .forEach(target =>
          namesIn(parsed, target).forEach(name => out.push(name))
        );
    } else if (item.name === 'ForStatement') {
      const at = parts.findIndex(part => part.name === 'in');
      parts
        .slice(1, at)
        .forEach(target =>
          namesIn(parsed, target).forEach(name => out.push(name))
        );
    } else if (item.name === 'CallExpression') {
      const callee = children(parts[0] ?? item);
      const [owner, method] = [callee[0], callee[callee.length - 1]];
      if (
        owner?.name === 'VariableName' &&
        method?.name === 'PropertyName' &&
        MUTATORS.has(textOf(parsed, method)) &&
        !modules.has(textOf(parsed, owner))
      ) {
        out.push(textOf(parsed, owner));
      }
    } else if (
      item.name === 'ImportStatement' ||
      item.name === 'WithStatement' ||
      item.name === 'FunctionDefinition' ||
      item.name === 'ClassDefinition'
    ) {
      parts
        .filter(part => part.name === 'VariableName')
        .forEach(part => out.push(textOf(parsed, part)));
    }
  }
  return out;
}

/** The code in place of the loop: the planning copy, GNU Parallel, then the loop as written. */
function parallelLoop(ctx: ITemplateContext, found: IProgramLoop): string {
  const { node, call, method } = found;
  const parts = children(node);
  const inAt = parts.findIndex(part => part.name === 'in');
  const body = parts.findIndex(part => part.name === 'Body');
  const iterable = { from: parts[inAt + 1].from, to: parts[body - 1].to };
  const callee = children(call)[0];
  const renamed = (owner: string): IEdit => ({
    from: callee.from,
    to: callee.to,
    text: `${owner}.${method}`
  });
  const planning = editSource(ctx, node.from, node.to, [
    { ...iterable, text: 'parallel_plan.copy_of(loop_items)' },
    ...found.plan,
    // The call's statement becomes the plan's call alone: nothing may use its (absent) result.
    {
      from: found.statement.from,
      to: found.statement.to,
      text: editSource(ctx, call.from, call.to, [renamed('parallel_plan')])
    }
  ]);
  const running = editSource(ctx, node.from, node.to, [
    { ...iterable, text: 'loop_items' },
    renamed('parallel_runs')
  ]);
  const line = ctx.source.split('\n')[found.loop.line - 1];
  const indent = line.slice(0, line.length - line.trimStart().length);
  return (
    [
      `loop_items = list(${editSource(ctx, iterable.from, iterable.to, [])})`,
      'parallel_plan = ParallelPlan()',
      '# 1. The commands, recorded, not started: the loop with only what they need, on its own copy of the items',
      planning,
      'parallel_runs = parallel_plan.run_all(n_jobs=_cores)  # 2. GNU Parallel runs them all, _cores at a time',
      '# 3. The loop as written, each finished run (output, exit code) in place of starting the program',
      running
    ]
      .join('\n')
      .split('\n')
      // The loops' inner lines keep their own indentation; their first lines and ours get the loop's.
      .map(text => (text === '' || /^\s/.test(text) ? text : indent + text))
      .join('\n')
  );
}
