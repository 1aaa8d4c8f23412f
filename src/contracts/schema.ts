/**
 * A checker for the part of JSON Schema (draft 2020-12) that facts.schema.json uses, read from the
 * schema itself at run time. It replaced Ajv's generated code (42 KB of the bundle, issue 15) and
 * says the first error as Ajv does (same instance path, same message), which schema.spec.ts holds
 * by checking both on the same documents. A keyword it does not know throws when the checker is
 * made, so a schema that grows one fails its tests instead of passing unchecked.
 */

export type Schema = { readonly [keyword: string]: unknown };

/** The first reason a value does not fit, as Ajv reports it. */
export interface ISchemaError {
  /** JSON pointer to the value ('' for the document itself). */
  instancePath: string;
  message: string;
}

/** Returns the first error of a value against the schema, or null when it fits. */
export type Check = (value: unknown) => ISchemaError | null;

/** Keywords that validate nothing. */
const ANNOTATIONS = new Set([
  '$schema',
  '$id',
  '$defs',
  'title',
  'description'
]);

const KNOWN = new Set([
  ...ANNOTATIONS,
  'type',
  'const',
  'enum',
  'minimum',
  'exclusiveMinimum',
  'maxItems',
  'items',
  'required',
  'properties',
  'additionalProperties',
  '$ref',
  'allOf',
  'oneOf'
]);

/** The checker of `root` at `pointer` ('#' or a local reference such as '#/$defs/run'). */
export function schemaCheck(root: Schema, pointer = '#'): Check {
  assertKnown(root);
  const target = resolve(root, pointer);
  return value => check(root, target, value, '');
}

function assertKnown(schema: unknown): void {
  if (Array.isArray(schema)) {
    schema.forEach(assertKnown);
    return;
  }
  if (typeof schema !== 'object' || schema === null) {
    return;
  }
  for (const [keyword, value] of Object.entries(schema)) {
    if (!KNOWN.has(keyword)) {
      throw new Error(`schema keyword "${keyword}" is not supported`);
    }
    if (keyword === 'properties' || keyword === '$defs') {
      Object.values(value as object).forEach(assertKnown);
    } else if (!['const', 'enum', 'required'].includes(keyword)) {
      assertKnown(value);
    }
  }
}

function resolve(root: Schema, pointer: string): Schema {
  if (!pointer.startsWith('#')) {
    throw new Error(`only local references are supported: ${pointer}`);
  }
  let at: unknown = root;
  for (const part of pointer.slice(1).split('/').filter(Boolean)) {
    at = (at as Schema | undefined)?.[unescape(part)];
  }
  if (typeof at !== 'object' || at === null) {
    throw new Error(`no schema at ${pointer}`);
  }
  return at as Schema;
}

function unescape(part: string): string {
  return part.replace(/~1/g, '/').replace(/~0/g, '~');
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function fail(instancePath: string, message: string): ISchemaError {
  return { instancePath, message };
}

/** Ajv's type tests: an integer is a number without a fraction (Infinity passes, as in Ajv). */
function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return (
        typeof value === 'object' && value !== null && !Array.isArray(value)
      );
    case 'integer':
      return typeof value === 'number' && !(value % 1) && !isNaN(value);
    default:
      return typeof value === type;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return hasType(value, 'object');
}

/** Keywords in the order Ajv's code tests them: type, then the rest as the schema lists them. */
function check(
  root: Schema,
  schema: Schema,
  value: unknown,
  path: string
): ISchemaError | null {
  if (schema.type !== undefined) {
    const types = ([] as string[]).concat(schema.type as string | string[]);
    if (!types.some(type => hasType(value, type))) {
      return fail(path, `must be ${types.join(',')}`);
    }
  }
  for (const keyword of Object.keys(schema)) {
    const error = checkKeyword(root, schema, keyword, value, path);
    if (error) {
      return error;
    }
  }
  return null;
}

function checkKeyword(
  root: Schema,
  schema: Schema,
  keyword: string,
  value: unknown,
  path: string
): ISchemaError | null {
  const argument = schema[keyword];
  switch (keyword) {
    case 'const':
      return equal(value, argument)
        ? null
        : fail(path, 'must be equal to constant');
    case 'enum':
      return (argument as unknown[]).some(item => equal(value, item))
        ? null
        : fail(path, 'must be equal to one of the allowed values');
    case 'minimum':
      return typeof value === 'number' && value < (argument as number)
        ? fail(path, `must be >= ${argument}`)
        : null;
    case 'exclusiveMinimum':
      return typeof value === 'number' && !(value > (argument as number))
        ? fail(path, `must be > ${argument}`)
        : null;
    case 'maxItems':
      return Array.isArray(value) && value.length > (argument as number)
        ? fail(path, `must NOT have more than ${argument} items`)
        : null;
    case 'items':
      return Array.isArray(value)
        ? first(value, (item, i) =>
            check(root, argument as Schema, item, `${path}/${i}`)
          )
        : null;
    case 'required':
      return isObject(value)
        ? ((argument as string[])
            .filter(name => value[name] === undefined)
            .map(name =>
              fail(path, `must have required property '${name}'`)
            )[0] ?? null)
        : null;
    case 'properties':
      return isObject(value) ? properties(root, schema, value, path) : null;
    case 'additionalProperties':
      return isObject(value) ? additional(root, schema, value, path) : null;
    case '$ref':
      return check(root, resolve(root, argument as string), value, path);
    case 'allOf':
      return first(argument as Schema[], part =>
        check(root, part, value, path)
      );
    case 'oneOf': {
      // As Ajv: when none fits, the first one's error comes first; when several do, oneOf's.
      const errors = (argument as Schema[]).map(part =>
        check(root, part, value, path)
      );
      const fits = errors.filter(error => error === null).length;
      return fits === 1
        ? null
        : fits === 0
          ? errors[0]
          : fail(path, 'must match exactly one schema in oneOf');
    }
    default:
      return null; // an annotation, or `type` (tested first)
  }
}

function properties(
  root: Schema,
  schema: Schema,
  value: Record<string, unknown>,
  path: string
): ISchemaError | null {
  const known = schema.properties as Record<string, Schema>;
  return first(Object.keys(known), name =>
    value[name] === undefined
      ? null
      : check(root, known[name], value[name], `${path}/${escape(name)}`)
  );
}

function additional(
  root: Schema,
  schema: Schema,
  value: Record<string, unknown>,
  path: string
): ISchemaError | null {
  const known = (schema.properties ?? {}) as Record<string, Schema>;
  const rest = schema.additionalProperties as Schema | boolean;
  return first(
    Object.keys(value).filter(name => !(name in known)),
    name =>
      rest === false
        ? fail(path, 'must NOT have additional properties')
        : rest === true
          ? null
          : check(root, rest, value[name], `${path}/${escape(name)}`)
  );
}

function first<T>(
  items: readonly T[],
  test: (item: T, index: number) => ISchemaError | null
): ISchemaError | null {
  for (let i = 0; i < items.length; i++) {
    const error = test(items[i], i);
    if (error) {
      return error;
    }
  }
  return null;
}

/** JSON equality, as `const` and `enum` compare. */
function equal(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null
  ) {
    return false;
  }
  if (Array.isArray(a) !== Array.isArray(b)) {
    return false;
  }
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every(key =>
      equal(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key]
      )
    )
  );
}
