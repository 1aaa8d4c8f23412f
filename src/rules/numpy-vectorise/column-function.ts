/**
 * A notebook function of one row's or one element's values, rewritten as the same function of
 * whole columns, so that a per-row `apply` or loop becomes one call on the columns:
 * assignments and returns keep their expressions in column form, and an `if`/`elif`/`else`
 * chain that picks a value becomes `np.select` over the conditions, in order (the first that
 * holds wins, as in the chain); an `else: raise` stays a check that raises the same error when
 * any element matches no branch. Anything else (loops, calls of unknown functions, early
 * returns in the middle) leaves the function as it is: null.
 */
import type { SyntaxNode } from '@lezer/common';

import type { IParsed } from '../../analysis/syntax';
import { children, statementsOf, textOf, walk } from '../../analysis/syntax';
import type { IColumnExpr, IColumnScope } from './columns';
import { columnExpr, plainAssignment } from './columns';

/** A function's column version: its name and its definition. */
export interface IColumnFunction {
  name: string;
  code: string;
}

/** The statements of a body that run: no comments, docstring or `pass`. */
export function bodyStatements(body: SyntaxNode | null): SyntaxNode[] {
  return body
    ? statementsOf(body).filter(
        node =>
          node.name !== 'PassStatement' &&
          !(
            node.name === 'ExpressionStatement' &&
            node.firstChild?.name === 'String'
          )
      )
    : [];
}

/** The column version of `def`, or null when its body has no column form. */
export function columnFunction(
  def: SyntaxNode,
  parsed: IParsed,
  reNames?: ReadonlySet<string>
): IColumnFunction | null {
  const nameNode = def.getChild('VariableName');
  const params = def.getChild('ParamList');
  if (!nameNode || !params || def.getChild('Decorator')) {
    return null;
  }
  const parts = children(params);
  if (parts.some(p => p.name === '*' || p.name === '**')) {
    return null;
  }
  const names = new Map<string, IColumnExpr | null>();
  parts.forEach((p, i) => {
    if (p.name === 'VariableName' && parts[i - 1]?.name !== 'AssignOp') {
      const param = textOf(parsed, p);
      names.set(param, { text: param, column: true });
    }
  });
  if (names.size === 0) {
    return null;
  }
  const scope: IColumnScope = { parsed, names, reNames };
  const lines = block(bodyStatements(def.getChild('Body')), scope, names);
  if (!lines) {
    return null;
  }
  const name = `${textOf(parsed, nameNode)}_columns`;
  return {
    name,
    code: [
      `def ${name}${textOf(parsed, params)}:`,
      `    """${textOf(parsed, nameNode)} on whole columns: each parameter is a column (a Series or an array) of the values it took one at a time."""`,
      ...lines.map(line => `    ${line}`)
    ].join('\n')
  };
}

/** The body's lines in column form; it must end in a return. */
function block(
  body: readonly SyntaxNode[],
  scope: IColumnScope,
  names: Map<string, IColumnExpr | null>
): string[] | null {
  const out: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const node = body[i];
    const last = i === body.length - 1;
    if (node.name === 'AssignStatement' || node.name === 'UpdateStatement') {
      const line = assignment(node, scope, names);
      if (line === null) {
        return null;
      }
      out.push(line);
    } else if (node.name === 'ReturnStatement' && last) {
      const value = node.lastChild;
      const got =
        value && value.name !== 'return' ? columnExpr(value, scope) : null;
      if (!got) {
        return null;
      }
      out.push(`return ${got.text}`);
      return out;
    } else if (node.name === 'IfStatement') {
      const after = body[i + 1];
      const returned = returnChain(node, after, scope);
      if (returned !== null) {
        out.push(returned.line);
        // Nothing may follow a chain that always returns (it would never run).
        return (returned.usedNext ? i + 2 : i + 1) === body.length ? out : null;
      }
      const chosen = assignmentChain(node, scope, names);
      if (chosen === null) {
        return null;
      }
      out.push(...chosen);
    } else {
      return null;
    }
  }
  return null; // no return: the function's value is None
}

/** `x = expr` (or `x += expr`, written `x = x + expr` so a column passed in is not changed). */
function assignment(
  node: SyntaxNode,
  scope: IColumnScope,
  names: Map<string, IColumnExpr | null>
): string | null {
  const [target, op, value, ...rest] = children(node);
  if (target?.name !== 'VariableName' || !op || !value || rest.length > 0) {
    return null;
  }
  const name = textOf(scope.parsed, target);
  const got = columnExpr(value, scope);
  if (!got) {
    return null;
  }
  if (node.name === 'UpdateStatement') {
    const before = names.get(name);
    const opText = textOf(scope.parsed, op).slice(0, -1);
    if (!before || !/^(\+|-|\*|\/|\/\/|%|\*\*)$/.test(opText)) {
      return null;
    }
    names.set(name, { text: name, column: before.column || got.column });
    return `${name} = ${name} ${opText} (${got.text})`;
  }
  names.set(name, { text: name, column: got.column });
  return `${name} = ${got.text}`;
}

/** The branches of an `if`/`elif`/`else` chain: each test (null for `else`) and its body. */
function branches(
  node: SyntaxNode
): { test: SyntaxNode | null; body: SyntaxNode[] }[] {
  const parts = children(node);
  const out: { test: SyntaxNode | null; body: SyntaxNode[] }[] = [];
  for (let i = 0; i < parts.length; i++) {
    const name = parts[i].name;
    if ((name === 'if' || name === 'elif') && parts[i + 2]?.name === 'Body') {
      out.push({ test: parts[i + 1], body: bodyStatements(parts[i + 2]) });
      i += 2;
    } else if (name === 'else' && parts[i + 1]?.name === 'Body') {
      out.push({ test: null, body: bodyStatements(parts[i + 1]) });
      i += 1;
    }
  }
  return out;
}

/** The tests of the chain as element-wise conditions, or null when one has no column form or
 * none depends on a column (a scalar `if` is left to the caller's checks). */
function conditions(
  tests: readonly SyntaxNode[],
  scope: IColumnScope
): string[] | null {
  const got = tests.map(test => columnExpr(test, scope, true));
  if (got.some(g => g === null) || !got.some(g => g?.column)) {
    return null;
  }
  return (got as IColumnExpr[]).map(g => g.text);
}

/** `if c1: return a elif c2: return b else: return d` (the `else` may be the next statement):
 * `return np.select([c1, c2], [a, b], default=d)`. */
function returnChain(
  node: SyntaxNode,
  after: SyntaxNode | undefined,
  scope: IColumnScope
): { line: string; usedNext: boolean } | null {
  const all = branches(node);
  const returns = (body: SyntaxNode[]): SyntaxNode | null => {
    const value =
      body.length === 1 && body[0].name === 'ReturnStatement'
        ? body[0].lastChild
        : null;
    return value && value.name !== 'return' ? value : null;
  };
  const tests = all.filter(b => b.test !== null);
  const otherwise = all.find(b => b.test === null);
  const fallback = otherwise
    ? returns(otherwise.body)
    : after?.name === 'ReturnStatement'
      ? returns([after])
      : null;
  const values = tests.map(b => returns(b.body));
  if (!fallback || values.some(v => v === null)) {
    return null;
  }
  const conds = conditions(
    tests.map(b => b.test as SyntaxNode),
    scope
  );
  const choices = [...(values as SyntaxNode[]), fallback].map(v =>
    columnExpr(v, scope)
  );
  if (!conds || choices.some(c => c === null)) {
    return null;
  }
  const texts = (choices as IColumnExpr[]).map(c => c.text);
  return {
    line: `return ${select(conds, texts.slice(0, -1), texts[texts.length - 1])}`,
    usedNext: !otherwise
  };
}

/** A chain whose branches each assign the same names: one `np.select` per name. */
function assignmentChain(
  node: SyntaxNode,
  scope: IColumnScope,
  names: Map<string, IColumnExpr | null>
): string[] | null {
  const all = branches(node);
  const tests = all.filter(b => b.test !== null);
  const otherwise = all.find(b => b.test === null);
  const raises =
    otherwise?.body.length === 1 && otherwise.body[0].name === 'RaiseStatement';
  const assigned = (body: SyntaxNode[]): Map<string, SyntaxNode> | null => {
    const out = new Map<string, SyntaxNode>();
    for (const statement of body) {
      const found = plainAssignment(statement, scope.parsed);
      if (!found) {
        return null;
      }
      out.set(found.target, found.value);
    }
    return out;
  };
  const maps = tests.map(b => assigned(b.body));
  const fallbackMap =
    otherwise && !raises ? assigned(otherwise.body) : new Map();
  if (maps.some(m => m === null) || !fallbackMap || maps.length === 0) {
    return null;
  }
  const targets = [...(maps[0] as Map<string, SyntaxNode>).keys()];
  const same = (m: Map<string, SyntaxNode>): boolean =>
    m.size === targets.length && targets.every(t => m.has(t));
  if (
    !(maps as Map<string, SyntaxNode>[]).every(same) ||
    (otherwise && !raises && !same(fallbackMap))
  ) {
    return null;
  }
  // A value that reads a name its own branch assigns would read it before the branch here.
  const readsAssigned = [...(maps as Map<string, SyntaxNode>[]), fallbackMap]
    .flatMap(m => [...m.values()])
    .some(value => {
      let hit = false;
      walk(value, n => {
        hit ||=
          n.name === 'VariableName' &&
          targets.includes(textOf(scope.parsed, n));
        return hit;
      });
      return (
        hit ||
        (value.name === 'VariableName' &&
          targets.includes(textOf(scope.parsed, value)))
      );
    });
  const conds = conditions(
    tests.map(b => b.test as SyntaxNode),
    scope
  );
  if (readsAssigned || !conds) {
    return null;
  }
  const lines: string[] = [];
  if (raises && otherwise) {
    lines.push(
      `if np.any(~(${conds.map(c => `(${c})`).join(' | ')})):`,
      `    ${textOf(scope.parsed, otherwise.body[0])}`
    );
  }
  const chosen: [string, IColumnExpr][] = [];
  for (const target of targets) {
    const choices = (maps as Map<string, SyntaxNode>[]).map(m =>
      columnExpr(m.get(target) as SyntaxNode, scope)
    );
    const before = names.get(target);
    const fallback = otherwise
      ? raises
        ? choices[0]
        : columnExpr(fallbackMap.get(target) as SyntaxNode, scope)
      : (before ?? null); // no `else`: the value it had before the chain
    if (choices.some(c => c === null) || !fallback) {
      return null;
    }
    const texts = (choices as IColumnExpr[]).map(c => c.text);
    lines.push(`${target} = ${select(conds, texts, fallback.text)}`);
    chosen.push([target, { text: target, column: true }]);
  }
  chosen.forEach(([target, value]) => names.set(target, value));
  return lines;
}

function select(conds: string[], choices: string[], fallback: string): string {
  return `np.select([${conds.join(', ')}], [${choices.join(', ')}], default=${fallback})`;
}
