/**
 * The facts schema's validators, compiled at build time by scripts/build-validators.js (Ajv
 * standalone code, in the git-ignored facts.validators.js beside this file).
 */
import type { ValidateFunction } from 'ajv';

/** Checks a whole facts document against src/facts.schema.json. */
export const validateFactsDocument: ValidateFunction;
/** Checks one run record against the schema's `$defs/run`. */
export const validateRunRecord: ValidateFunction;
