/**
 * The constants known in each scope of a cell: top-level names assigned once from literals, and
 * inside a function, its parameters when every call in the cell passes the same known value
 * (`simulate(15_000_000, 1e-4)` makes `steps` 15,000,000 inside `simulate`).
 */
import type { SyntaxNode } from '@lezer/common';

import type { ICollected } from './collect';
import type { IConstants, IEvalContext } from './constants';
import { arrayLength } from './arrays';
import { evalNumber, lengthOf } from './constants';
import type { Qualifier } from './imports';
import type { IArgument, SourceText } from './syntax';
import { callArguments, children } from './syntax';

/** Returns a lookup of the constants in force in each function (null: the top level). */
export function scopeConstants(
  script: SyntaxNode,
  collected: ICollected,
  src: SourceText,
  qualifier: Qualifier
): (functionName: string | null) => IConstants {
  const module = moduleConstants(script, collected, src, qualifier);
  const cache = new Map<string, IConstants>();
  return (functionName: string | null): IConstants => {
    if (functionName === null) {
      return module;
    }
    let constants = cache.get(functionName);
    if (!constants) {
      constants = functionConstants(
        functionName,
        module,
        collected,
        src,
        qualifier
      );
      cache.set(functionName, constants);
    }
    return constants;
  };
}

/** Top-level `name = <literal expression>` bindings, in order; names bound any other way are unknown. */
function moduleConstants(
  script: SyntaxNode,
  collected: ICollected,
  src: SourceText,
  qualifier: Qualifier
): IConstants {
  const constants: IConstants = { numbers: new Map(), lengths: new Map() };
  const ctx: IEvalContext = { src, constants, qualifier };
  for (const statement of children(script)) {
    const target =
      statement.name === 'AssignStatement' ? statement.firstChild : null;
    const op = target?.nextSibling;
    const value = op?.nextSibling;
    if (
      !target ||
      target.name !== 'VariableName' ||
      op?.name !== 'AssignOp' ||
      !value ||
      value.nextSibling
    ) {
      continue;
    }
    const name = src.of(target);
    setOrDelete(constants.numbers, name, evalNumber(value, ctx));
    setOrDelete(
      constants.lengths,
      name,
      lengthOf(value, ctx) ?? arrayLength(value, ctx)
    );
  }
  // A name also bound inside a block or updated in place has no single value.
  for (const use of collected.names) {
    if (!use.moduleScope || (use.role !== 'update' && use.role !== 'store')) {
      continue;
    }
    const statement = use.role === 'store' ? topStatement(use.node) : null;
    const simple =
      statement?.name === 'AssignStatement' &&
      use.node.parent?.name === 'AssignStatement';
    if (use.role === 'update' || !simple) {
      constants.numbers.delete(src.of(use.node));
      constants.lengths.delete(src.of(use.node));
    }
  }
  for (const name of mutatedSequences(collected, src)) {
    constants.lengths.delete(name);
  }
  return constants;
}

const MUTATORS = new Set([
  'append',
  'extend',
  'insert',
  'pop',
  'remove',
  'clear',
  'update',
  'add',
  'resize'
]);

/** Names whose length changes after assignment: `out.append(x)` makes `out = []` say nothing. */
function mutatedSequences(collected: ICollected, src: SourceText): string[] {
  const names: string[] = [];
  for (const call of collected.calls) {
    const callee = call.firstChild;
    const object =
      callee?.name === 'MemberExpression' ? callee.firstChild : null;
    const property = callee?.getChild('PropertyName');
    if (
      object?.name === 'VariableName' &&
      property &&
      MUTATORS.has(src.of(property))
    ) {
      names.push(src.of(object));
    }
  }
  return names;
}

function topStatement(node: SyntaxNode): SyntaxNode | null {
  let current: SyntaxNode = node;
  for (let p = node.parent; p; current = p, p = p.parent) {
    if (p.name === 'Script') {
      return current;
    }
  }
  return null;
}

function setOrDelete(
  map: Map<string, number>,
  name: string,
  value: number | undefined
): void {
  if (value === undefined || !Number.isFinite(value)) {
    map.delete(name);
  } else {
    map.set(name, value);
  }
}

/** The module's constants, minus the function's own locals, plus parameters the calls fix. */
function functionConstants(
  functionName: string,
  module: IConstants,
  collected: ICollected,
  src: SourceText,
  qualifier: Qualifier
): IConstants {
  const constants: IConstants = {
    numbers: new Map(module.numbers),
    lengths: new Map(module.lengths)
  };
  const definition = collected.functions.find(node => {
    const name = node.getChild('VariableName');
    return name !== null && src.of(name) === functionName;
  });
  if (!definition) {
    return constants;
  }
  for (const use of collected.names) {
    const inside =
      use.node.from > definition.from && use.node.to <= definition.to;
    if (inside && use.role !== 'load') {
      constants.numbers.delete(src.of(use.node));
      constants.lengths.delete(src.of(use.node));
    }
  }
  bindParams(
    definition,
    functionName,
    constants,
    { src, constants: module, qualifier },
    collected
  );
  return constants;
}

/** Sets each parameter that every call of the function passes the same known value for. */
function bindParams(
  definition: SyntaxNode,
  functionName: string,
  constants: IConstants,
  moduleCtx: IEvalContext,
  collected: ICollected
): void {
  const src = moduleCtx.src;
  const calls = collected.calls.filter(call => {
    const callee = call.firstChild;
    const outside = call.from < definition.from || call.from >= definition.to;
    return (
      outside &&
      callee?.name === 'VariableName' &&
      src.of(callee) === functionName
    );
  });
  const argumentLists = calls.map(call => callArguments(call, src));
  paramNames(definition, src).forEach((param, index) => {
    const args = argumentLists.map(list => argumentAt(list, index, param));
    const numbers = args.map(arg =>
      arg ? evalNumber(arg, moduleCtx) : undefined
    );
    const lengths = args.map(arg =>
      arg ? lengthOf(arg, moduleCtx) : undefined
    );
    bindParam(constants.numbers, param, numbers);
    bindParam(constants.lengths, param, lengths);
  });
}

function paramNames(definition: SyntaxNode, src: SourceText): string[] {
  const list = definition.getChild('ParamList');
  return list
    ? children(list)
        .filter(
          c =>
            c.name === 'VariableName' &&
            c.prevSibling?.name !== 'AssignOp' &&
            c.prevSibling?.name !== '*' &&
            c.prevSibling?.name !== '**'
        )
        .map(c => src.of(c))
    : [];
}

/** The argument a call passes for a parameter, by keyword or position. */
function argumentAt(
  args: readonly IArgument[],
  index: number,
  param: string
): SyntaxNode | undefined {
  const keyword = args.find(arg => arg.keyword === param);
  if (keyword) {
    return keyword.nodes.length === 1 ? keyword.nodes[0] : undefined;
  }
  const arg = args.filter(item => item.keyword === null)[index];
  return arg && arg.nodes.length === 1 ? arg.nodes[0] : undefined;
}

/** A parameter is known only when every call passes the same known value. */
function bindParam(
  map: Map<string, number>,
  param: string,
  values: (number | undefined)[]
): void {
  const first = values[0];
  if (
    values.length > 0 &&
    first !== undefined &&
    values.every(value => value === first)
  ) {
    map.set(param, first);
  }
}
