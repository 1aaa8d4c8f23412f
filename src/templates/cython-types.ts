/**
 * C types for a Cython version of a Python function, inferred from its syntax tree and the
 * arguments the cell passes: range() bounds and counters become Py_ssize_t, names that only ever
 * hold floating-point numbers become double, `math.f(...)` becomes libc's `f(...)`. Whatever is
 * not certain stays a Python object, which Cython compiles correctly, only slower. Integers that
 * are not counters stay Python ints too: a C long would silently overflow where Python's do not.
 */
import type { SyntaxNode } from '@lezer/common';

import type { IParsed } from '../analysis/syntax';
import { applyEdits, children, descendants, textOf } from '../analysis/syntax';

/** math.* functions with the same name and meaning in C's libm. */
const LIBM = new Set([
  'sin',
  'cos',
  'tan',
  'asin',
  'acos',
  'atan',
  'atan2',
  'sinh',
  'cosh',
  'tanh',
  'exp',
  'expm1',
  'log',
  'log2',
  'log10',
  'log1p',
  'sqrt',
  'fabs',
  'hypot',
  'copysign'
]);

type Kind = 'none' | 'int' | 'double' | 'object';

/** The typed function, and what stayed a Python object. */
export interface ICythonFunction {
  /** The `.pyx` source: directives, cimports and the function with its declarations. */
  source: string;
  /** Parameters and locals left untyped (their C type was not certain). */
  untyped: string[];
  /** Typed names, `double x` style, for the cell's comments. */
  typed: string[];
}

function join(a: Kind, b: Kind): Kind {
  if (a === 'none') {
    return b;
  }
  if (b === 'none' || a === b) {
    return a;
  }
  if (a === 'object' || b === 'object') {
    return 'object';
  }
  return 'double'; // int with double
}

function numberKind(text: string): Kind {
  if (/^\d[\d_]*$/.test(text)) {
    return 'int';
  }
  return /^[\d_.]+([eE][-+]?\d+)?$/.test(text) ? 'double' : 'object';
}

/** The first function definition of a parse, or null. */
export function firstFunction(parsed: IParsed): SyntaxNode | null {
  return (
    descendants(parsed.tree.topNode).find(
      node => node.name === 'FunctionDefinition'
    ) ?? null
  );
}

/**
 * Types a function: its `FunctionDefinition` node `def` in `parsed` (the analysis' tree of its
 * cell), and the literal arguments of one call.
 */
export function cythonFunction(
  parsed: IParsed,
  def: SyntaxNode | null,
  callArgs: readonly string[],
  mathNames: ReadonlySet<string>
): ICythonFunction | null {
  const paramList = def?.getChild('ParamList');
  const body = def?.getChild('Body');
  if (!def || !paramList || !body) {
    return null;
  }
  const params = children(paramList).filter(
    node => !['(', ')', ','].includes(node.name)
  );
  const simple = params.every(node => node.name === 'VariableName');
  const paramNames = simple ? params.map(node => textOf(parsed, node)) : [];
  const own = ownNodes(body);
  const assignments = assignmentsOf(parsed, own);
  const typing: ITyping = {
    kinds: new Map<string, Kind>(),
    declared: new Map<string, string>(), // name -> C type, parameters first
    assigned: new Set(assignments.map(item => item.name))
  };
  typeParameters(typing, paramNames, rangeBounds(parsed, own), callArgs);
  typeCounters(typing, paramNames, rangeCounters(parsed, own));
  const indexLocals = [...typing.declared.keys()].filter(
    name => !paramNames.includes(name)
  );
  const locals = [...typing.assigned].filter(
    name => !paramNames.includes(name) && !typing.declared.has(name)
  );
  widenLocals(typing, locals, assignments, value =>
    kindOf(parsed, value, typing.kinds, mathNames)
  );
  const doubles = locals.filter(name => typing.kinds.get(name) === 'double');
  doubles.forEach(name => typing.declared.set(name, 'double'));
  const header = simple
    ? `def ${textOf(parsed, def.getChild('VariableName')!)}(${paramNames
        .map(name =>
          typing.declared.has(name)
            ? `${typing.declared.get(name)} ${name}`
            : name
        )
        .join(', ')}):`
    : textOf(parsed, def).split('\n')[0];
  const declarations = [
    doubles.length > 0 ? `cdef double ${doubles.join(', ')}` : null,
    indexLocals.length > 0 ? `cdef Py_ssize_t ${indexLocals.join(', ')}` : null
  ].filter((line): line is string => line !== null);
  const untyped = [
    ...(simple ? paramNames : params.map(node => textOf(parsed, node))),
    ...locals
  ].filter(name => !typing.declared.has(name));
  return {
    source: pyxSource(parsed, def, body, header, declarations, mathNames),
    untyped,
    typed: [...typing.declared].map(([name, type]) => `${type} ${name}`)
  };
}

/** What is known of the function's names while typing it. */
interface ITyping {
  kinds: Map<string, Kind>;
  /** Name -> C type, in declaration order. */
  declared: Map<string, string>;
  /** Names the body assigns. */
  assigned: ReadonlySet<string>;
}

/** Range bounds the body never reassigns are Py_ssize_t; a float literal argument, double. */
function typeParameters(
  typing: ITyping,
  paramNames: readonly string[],
  bounds: ReadonlySet<string>,
  callArgs: readonly string[]
): void {
  paramNames.forEach((name, i) => {
    const arg = callArgs[i];
    if (bounds.has(name) && !typing.assigned.has(name)) {
      typing.declared.set(name, 'Py_ssize_t');
      typing.kinds.set(name, 'int');
    } else if (arg !== undefined && numberKind(arg.trim()) === 'double') {
      typing.declared.set(name, 'double');
      typing.kinds.set(name, 'double');
    } else {
      typing.kinds.set(name, 'object');
    }
  });
}

/** Loop counters over range() that the body never assigns otherwise are Py_ssize_t. */
function typeCounters(
  typing: ITyping,
  paramNames: readonly string[],
  counters: ReadonlySet<string>
): void {
  for (const name of counters) {
    if (!paramNames.includes(name) && !typing.assigned.has(name)) {
      typing.declared.set(name, 'Py_ssize_t');
      typing.kinds.set(name, 'int');
    }
  }
}

/** Smallest types first, widened until nothing changes (each name can only widen twice). */
function widenLocals(
  typing: ITyping,
  locals: readonly string[],
  assignments: readonly IAssignment[],
  kindOfValue: (value: SyntaxNode) => Kind
): void {
  locals.forEach(name => typing.kinds.set(name, 'none'));
  for (let changed = true; changed;) {
    changed = false;
    for (const { name, value } of assignments) {
      if (!locals.includes(name)) {
        continue;
      }
      const next = join(
        typing.kinds.get(name) ?? 'none',
        value ? kindOfValue(value) : 'object'
      );
      if (next !== typing.kinds.get(name)) {
        typing.kinds.set(name, next);
        changed = true;
      }
    }
  }
}

/** The `.pyx` text: directives, libm cimports, the typed header, declarations, the body. */
function pyxSource(
  parsed: IParsed,
  def: SyntaxNode,
  body: SyntaxNode,
  header: string,
  declarations: readonly string[],
  mathNames: ReadonlySet<string>
): string {
  const edits = libmCalls(parsed, def, mathNames);
  const used = [...new Set(edits.map(edit => edit.text))].sort();
  const bodyText = applyEdits(parsed.text, body.from, body.to, edits)
    .replace(/^:[^\n]*\n/, '')
    .trimEnd();
  const pad = /^[ \t]*/.exec(bodyText)?.[0] ?? '    ';
  return [
    '# cython: language_level=3',
    used.length > 0 ? `from libc.math cimport ${used.join(', ')}` : null,
    '',
    header,
    ...declarations.map(line => pad + line),
    bodyText
  ]
    .filter((line): line is string => line !== null)
    .join('\n');
}

/** The body's nodes, without those of nested functions, classes and lambdas (other scopes). */
function ownNodes(body: SyntaxNode): SyntaxNode[] {
  const inner = descendants(body).filter(node =>
    ['FunctionDefinition', 'ClassDefinition', 'LambdaExpression'].includes(
      node.name
    )
  );
  return descendants(body).filter(
    node => !inner.some(scope => node.from >= scope.from && node.to <= scope.to)
  );
}

function isRange(parsed: IParsed, node: SyntaxNode | undefined): boolean {
  return (
    node?.name === 'CallExpression' &&
    node.firstChild?.name === 'VariableName' &&
    textOf(parsed, node.firstChild) === 'range'
  );
}

/** Names that are the lone target of a `for ... in range(...)`. */
function rangeCounters(parsed: IParsed, nodes: SyntaxNode[]): Set<string> {
  const names = new Set<string>();
  for (const node of nodes.filter(item => item.name === 'ForStatement')) {
    const parts = children(node);
    const at = parts.findIndex(part => part.name === 'in');
    if (
      at === 2 &&
      parts[1].name === 'VariableName' &&
      isRange(parsed, parts[3])
    ) {
      names.add(textOf(parsed, parts[1]));
    }
  }
  return names;
}

/** Names in range()'s arguments where those are plain integer arithmetic (`n`, `n + 1`): the
 * bounds and steps, so integers. An argument with a call or an index in it says nothing. */
function rangeBounds(parsed: IParsed, nodes: SyntaxNode[]): Set<string> {
  const names = new Set<string>();
  const plain = new Set([
    'VariableName',
    'Number',
    'BinaryExpression',
    'ArithOp',
    'ParenthesizedExpression',
    '(',
    ')',
    '+',
    '-',
    '*'
  ]);
  for (const node of nodes.filter(item => isRange(parsed, item))) {
    for (const arg of children(node.getChild('ArgList')!)) {
      const inside = descendants(arg);
      if (
        inside.every(item => plain.has(item.name)) &&
        !textOf(parsed, arg).includes('/')
      ) {
        inside
          .filter(item => item.name === 'VariableName')
          .forEach(item => names.add(textOf(parsed, item)));
      }
    }
  }
  return names;
}

interface IAssignment {
  name: string;
  /** The value assigned, or null when it is not known (an unpacked call, a loop target). */
  value: SyntaxNode | null;
}

/** Every binding of a plain name in the nodes: `=`, `op=`, tuple unpacking, for targets. */
function assignmentsOf(parsed: IParsed, nodes: SyntaxNode[]): IAssignment[] {
  const out: IAssignment[] = [];
  for (const node of nodes) {
    const parts = children(node);
    if (node.name === 'AssignStatement') {
      const op = parts.findIndex(part => part.name === 'AssignOp');
      if (parts.slice(op + 1).some(part => part.name === 'AssignOp')) {
        parts.slice(0, op).forEach(part => unknown(parsed, part, out)); // a = b = ...
        continue;
      }
      const targets = parts.slice(0, op).filter(part => part.name !== ',');
      const values = parts.slice(op + 1).filter(part => part.name !== ',');
      targets.forEach((target, i) => {
        const value = targets.length === values.length ? values[i] : null;
        if (target.name === 'VariableName') {
          out.push({ name: textOf(parsed, target), value });
        } else {
          unknown(parsed, target, out);
        }
      });
    } else if (
      node.name === 'UpdateStatement' &&
      parts[0]?.name === 'VariableName'
    ) {
      // `x op= e` widens x the way `x op e` would: the statement node stands for that sum.
      out.push({ name: textOf(parsed, parts[0]), value: node });
    } else if (node.name === 'ForStatement' || node.name === 'WithStatement') {
      const stop = parts.findIndex(part => ['in', 'as'].includes(part.name));
      const targets =
        node.name === 'ForStatement'
          ? parts.slice(1, stop)
          : parts.slice(stop + 1, stop + 2);
      const rangeLoop =
        node.name === 'ForStatement' && isRange(parsed, parts[stop + 1]);
      if (!(
        rangeLoop &&
        targets.length === 1 &&
        targets[0].name === 'VariableName'
      )) {
        targets.forEach(target => unknown(parsed, target, out));
      }
    } else if (
      // walrus and import bind names; global/nonlocal names and deleted ones cannot be C locals
      [
        'NamedExpression',
        'ImportStatement',
        'ScopeStatement',
        'DeleteStatement'
      ].includes(node.name)
    ) {
      parts
        .filter(part => part.name === 'VariableName')
        .forEach(part => unknown(parsed, part, out));
    }
  }
  return out;
}

function unknown(parsed: IParsed, node: SyntaxNode, out: IAssignment[]): void {
  for (const item of descendants(node)) {
    if (item.name === 'VariableName') {
      out.push({ name: textOf(parsed, item), value: null });
    }
  }
}

function kindOf(
  parsed: IParsed,
  node: SyntaxNode,
  kinds: ReadonlyMap<string, Kind>,
  mathNames: ReadonlySet<string>
): Kind {
  const parts = children(node);
  switch (node.name) {
    case 'Number':
      return numberKind(textOf(parsed, node));
    case 'VariableName':
      return kinds.get(textOf(parsed, node)) ?? 'object';
    case 'ParenthesizedExpression':
      return parts.length === 3
        ? kindOf(parsed, parts[1], kinds, mathNames)
        : 'object';
    case 'UnaryExpression': {
      const op = textOf(parsed, parts[0]);
      return op === '-' || op === '+'
        ? kindOf(parsed, parts[1], kinds, mathNames)
        : 'object';
    }
    case 'BinaryExpression':
    case 'UpdateStatement': {
      if (parts.length !== 3) {
        return 'object';
      }
      const op = textOf(parsed, parts[1]).replace(/=$/, '');
      const left = kindOf(parsed, parts[0], kinds, mathNames);
      const right = kindOf(parsed, parts[2], kinds, mathNames);
      if (
        !['+', '-', '*', '/'].includes(op) ||
        left === 'object' ||
        right === 'object'
      ) {
        return 'object'; // **, //, % and comparisons keep Python's semantics as objects
      }
      if (left === 'none' || right === 'none') {
        return 'none'; // not known yet: decided on a later pass
      }
      return op === '/' || left === 'double' || right === 'double'
        ? 'double'
        : 'int';
    }
    case 'CallExpression': {
      const callee = parts[0];
      return callee &&
        (libmName(parsed, callee, mathNames) !== null ||
          (callee.name === 'VariableName' &&
            textOf(parsed, callee) === 'float'))
        ? 'double'
        : 'object';
    }
    default:
      return 'object';
  }
}

/** `math.sin(` -> `sin(`: edits whose text is the libm name (the cimport list is read off them). */
function libmCalls(
  parsed: IParsed,
  def: SyntaxNode,
  mathNames: ReadonlySet<string>
): { from: number; to: number; text: string }[] {
  const edits = [];
  for (const node of descendants(def)) {
    const name =
      node.parent?.name === 'CallExpression' &&
      node.parent.firstChild?.from === node.from
        ? libmName(parsed, node, mathNames)
        : null;
    if (name !== null) {
      edits.push({ from: node.from, to: node.to, text: name });
    }
  }
  return edits;
}

/** For a callee `math.f` (or its alias) with `f` in libm, `f`; otherwise null. */
function libmName(
  parsed: IParsed,
  callee: SyntaxNode,
  mathNames: ReadonlySet<string>
): string | null {
  const parts = children(callee);
  const name = parts.length === 3 ? textOf(parsed, parts[2]) : '';
  return callee.name === 'MemberExpression' &&
    mathNames.has(textOf(parsed, parts[0])) &&
    LIBM.has(name)
    ? name
    : null;
}
