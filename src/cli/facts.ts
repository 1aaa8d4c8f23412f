/**
 * Reading a facts file for the CLI: JSON, then the facts format's own check (`validateFacts`,
 * against src/facts.schema.json), with the file named in the one-line error.
 */
import type { IFacts } from '../contracts/facts';
import { FactsError, validateFacts } from '../contracts/facts';
import { firstInfinity } from './json';
import { InputError } from './notebook';

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
  // JSON.parse reads 1e400 as Infinity, which the schema's number type lets through.
  const infinite = firstInfinity(value);
  if (infinite !== null) {
    throw new InputError(
      `${path} is not facts version 1: ${infinite || 'the value'} is a number beyond what a double holds`
    );
  }
  try {
    return validateFacts(value);
  } catch (error) {
    if (error instanceof FactsError) {
      throw new InputError(`${path} is ${error.message}`);
    }
    throw error;
  }
}
