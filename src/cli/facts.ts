/**
 * Checking a facts file (format version 1, see src/facts.ts) before the CLI trusts it. Each
 * problem is reported with the path of the offending field. Extra fields are allowed so that a
 * newer probe's file still reads; missing or mistyped required fields are errors.
 *
 * This is the CLI's own check until the probe work adds a JSON-schema validator to src/facts.ts;
 * then this file should delegate to it.
 */
import type { IFacts } from '../facts';
import { InputError, isObject } from './notebook';

type Check = (value: unknown, path: string) => string | null;

const number: Check = (value, path) =>
  typeof value === 'number' && Number.isFinite(value)
    ? null
    : `${path} must be a number`;
const nonNegative: Check = (value, path) =>
  number(value, path) ??
  ((value as number) >= 0 ? null : `${path} must not be negative`);
const string: Check = (value, path) =>
  typeof value === 'string' ? null : `${path} must be a string`;
const boolean: Check = (value, path) =>
  typeof value === 'boolean' ? null : `${path} must be true or false`;

function nullable(check: Check): Check {
  return (value, path) => (value === null ? null : check(value, path));
}

function optional(check: Check): Check {
  return (value, path) => (value === undefined ? null : check(value, path));
}

function arrayOf(check: Check): Check {
  return (value, path) => {
    if (!Array.isArray(value)) {
      return `${path} must be a list`;
    }
    for (let i = 0; i < value.length; i++) {
      const problem = check(value[i], `${path}[${i}]`);
      if (problem) {
        return problem;
      }
    }
    return null;
  };
}

function recordOf(check: Check): Check {
  return (value, path) => {
    if (!isObject(value)) {
      return `${path} must be an object`;
    }
    for (const [key, item] of Object.entries(value)) {
      const problem = check(item, `${path}.${key}`);
      if (problem) {
        return problem;
      }
    }
    return null;
  };
}

function object(fields: Record<string, Check>): Check {
  return (value, path) => {
    if (!isObject(value)) {
      return `${path} must be an object`;
    }
    for (const [key, check] of Object.entries(fields)) {
      const problem = check(value[key], `${path}.${key}`);
      if (problem) {
        return problem;
      }
    }
    return null;
  };
}

const cores: Check = (value, path) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1
    ? null
    : `${path} must be a whole number of at least 1`;

const RUN = object({
  wall_s: nonNegative,
  cpu_s: nonNegative,
  children_cpu_s: nonNegative,
  peak_rss_delta_bytes: number,
  imported: arrayOf(string),
  ok: boolean,
  error: optional(string)
});

const FACTS = object({
  version: (value, path) =>
    value === 1
      ? null
      : `${path} must be 1 (this CLI reads facts format version 1)`,
  kernel: object({ language: string, version: string }),
  machine: object({
    cores,
    memory_bytes: nullable(nonNegative),
    memory_available_bytes: nullable(nonNegative),
    gpus: arrayOf(
      object({ name: string, memory_bytes: nullable(nonNegative) })
    ),
    scheduler: nullable(string)
  }),
  libraries: recordOf(nullable(string)),
  variables: recordOf(
    object({
      type: string,
      nbytes: optional(nonNegative),
      shape: optional(arrayOf(nonNegative)),
      dtype: optional(string),
      len: optional(nonNegative)
    })
  ),
  runs: recordOf(arrayOf(RUN))
});

/**
 * Parses and checks a facts file.
 * @throws InputError naming the file and the first problem found.
 */
export function readFacts(text: string, path: string): IFacts {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path} is not JSON (${(error as Error).message})`);
  }
  const problem = FACTS(value, 'facts');
  if (problem) {
    throw new InputError(`${path} is not a valid facts file: ${problem}`);
  }
  return value as IFacts;
}
