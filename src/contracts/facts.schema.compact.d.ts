/**
 * src/facts.schema.json without its titles and descriptions, written at build time by
 * scripts/build-schema.js into the git-ignored facts.schema.compact.js beside this file.
 */
import type { Schema } from './schema';

export const factsSchema: Schema;
