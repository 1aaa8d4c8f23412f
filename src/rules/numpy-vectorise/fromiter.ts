/**
 * `np.fromiter(<generator>, dtype=…)`: NumPy filled one element at a time from a Python
 * generator, each element computed by the interpreter. When the generator is element-wise over
 * arrays (`(xi + yi for xi, yi in zip(x, y))`), its expression on the whole arrays is the same
 * array: `np.asarray(x + y, dtype=…)`. A `count=` is kept only when it is the length of what the
 * generator runs over (a smaller count would stop early).
 */
import type { SyntaxNode } from '@lezer/common';

import type { IEdit, IParsed } from '../../analysis/syntax';
import { children, textOf, walk } from '../../analysis/syntax';
import { indentAt } from '../../templates/cells';
import { arrayIteration, loopHeader } from '../../templates/loops';
import { vectorise } from '../../templates/vecexpr';
import { argumentsOf } from './columns';

/** The statement edits for each `np.fromiter` over an element-wise generator, with the lines
 * the rewrite needs before its statement (the arrays it reads). */
export function fromiterEdits(
  parsed: IParsed,
  arrays: ReadonlySet<string>,
  mathNames: ReadonlySet<string>
): { edits: IEdit[]; changed: string[] } {
  const edits: IEdit[] = [];
  const changed: string[] = [];
  walk(
    parsed.tree.topNode,
    call => {
      const text = fromiterForm(call, parsed, arrays, mathNames);
      if (text === null) {
        return;
      }
      const statement = statementOf(call);
      const indent = indentAt(parsed.text, statement.from);
      if (text.hoisted.length > 0) {
        edits.push({
          from: statement.from,
          to: statement.from,
          text: text.hoisted.map(line => `${line}\n${indent}`).join('')
        });
      }
      edits.push({ from: call.from, to: call.to, text: text.code });
      const target = statement.firstChild;
      if (
        statement.name === 'AssignStatement' &&
        target?.name === 'VariableName'
      ) {
        changed.push(textOf(parsed, target));
      }
    },
    { only: new Set(['CallExpression']) }
  );
  return { edits, changed };
}

function statementOf(node: SyntaxNode): SyntaxNode {
  let statement = node;
  while (
    statement.parent &&
    statement.parent.name !== 'Script' &&
    statement.parent.name !== 'Body'
  ) {
    statement = statement.parent;
  }
  return statement;
}

function fromiterForm(
  call: SyntaxNode,
  parsed: IParsed,
  arrays: ReadonlySet<string>,
  mathNames: ReadonlySet<string>
): { code: string; hoisted: string[] } | null {
  const [callee, argList] = children(call);
  if (
    !callee ||
    !/^(np|numpy)\.fromiter$/.test(textOf(parsed, callee)) ||
    argList?.name !== 'ArgList'
  ) {
    return null;
  }
  const args = argumentsOf(argList, parsed);
  const generator = args[0];
  const dtype = args.find(
    (arg, i) => arg.keyword === 'dtype' || (i === 1 && arg.keyword === null)
  );
  const count = args.find(
    (arg, i) => arg.keyword === 'count' || (i === 2 && arg.keyword === null)
  );
  if (
    generator?.keyword !== null ||
    generator.value.name !== 'ComprehensionExpression' ||
    !dtype ||
    args.some(
      arg =>
        arg.star ||
        (arg.keyword !== null && !['dtype', 'count'].includes(arg.keyword))
    )
  ) {
    return null;
  }
  const header = loopHeader(parsed, generator.value);
  const iteration =
    header && !header.filtered && header.element
      ? arrayIteration(parsed, header, arrays, mathNames)
      : null;
  const expr =
    iteration && header?.element
      ? vectorise(iteration.scope, header.element)
      : null;
  if (
    !header ||
    !iteration ||
    !expr ||
    expr === textOf(parsed, header.element!)
  ) {
    return null;
  }
  if (count) {
    // len(x) of a sequence the generator runs over: the whole of it, so the count changes nothing.
    const over = textOf(parsed, header.iterable);
    const length = /^len\((\w+)\)$/.exec(
      textOf(parsed, count.value).replace(/\s+/g, '')
    );
    if (
      !length ||
      !new RegExp(`(^|[(,\\s])${length[1]}([),\\s]|$)`).test(over)
    ) {
      return null;
    }
  }
  return {
    code: `np.asarray(${expr}, dtype=${textOf(parsed, dtype.value)})`,
    hoisted: iteration.hoisted
  };
}
