/**
 * The schema checker against Ajv, the reference implementation, on the same documents: the
 * example facts and every field-corpus case's measured facts, each also mutated at every value
 * (removed, replaced by values of other types and by out-of-range numbers). Both must agree on
 * whether a document fits and on the first error's place and message.
 */
import Ajv2020 from 'ajv/dist/2020';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

import { factsSchema } from './facts.schema.compact';
import type { Schema } from './schema';
import { schemaCheck } from './schema';

const ROOT = join(__dirname, '..', '..');
const schema = JSON.parse(
  readFileSync(join(ROOT, 'src', 'facts.schema.json'), 'utf-8')
);
const ajv = new Ajv2020({ allErrors: false, strict: false });
ajv.addSchema(schema);
const ajvDocument = ajv.getSchema(schema.$id)!;
const ajvRun = ajv.getSchema(`${schema.$id}#/$defs/run`)!;
const ours = schemaCheck(factsSchema);
const oursRun = schemaCheck(factsSchema, '#/$defs/run');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function documents(): [string, Json][] {
  const out: [string, Json][] = [
    [
      'examples/slow-cells.facts.json',
      JSON.parse(
        readFileSync(join(ROOT, 'examples', 'slow-cells.facts.json'), 'utf-8')
      )
    ]
  ];
  const cases = join(ROOT, 'tests', 'corpus', 'cases');
  for (const name of readdirSync(cases).sort()) {
    const facts = JSON.parse(readFileSync(join(cases, name), 'utf-8')).facts;
    if (facts) {
      out.push([name, facts]);
    }
  }
  return out;
}

/** The path (keys from the top) of every value in a document. */
function paths(
  value: Json,
  at: (string | number)[] = [],
  out: (string | number)[][] = []
) {
  const keys = Array.isArray(value)
    ? value.map((_, i) => i)
    : value !== null && typeof value === 'object'
      ? Object.keys(value)
      : [];
  for (const key of keys) {
    const path = [...at, key];
    out.push(path);
    paths((value as Record<string, Json>)[key], path, out);
  }
  return out;
}

/** A copy of the document with the value at `path` replaced (undefined: removed). */
function mutate(
  document: Json,
  path: (string | number)[],
  replacement: Json | undefined
): Json {
  const copy: Json = JSON.parse(JSON.stringify(document));
  let parent = copy as Record<string, Json>;
  for (const key of path.slice(0, -1)) {
    parent = parent[key] as Record<string, Json>;
  }
  const key = path[path.length - 1];
  if (replacement !== undefined) {
    parent[key] = replacement;
  } else if (Array.isArray(parent)) {
    parent.splice(key as number, 1);
  } else {
    delete parent[key];
  }
  return copy;
}

const REPLACEMENTS: (Json | undefined)[] = [
  undefined,
  null,
  'text',
  -1,
  0,
  0.5,
  7,
  true,
  [],
  {},
  ['x'],
  'slurm'
];

function agree(check: typeof ours, reference: typeof ajvDocument, value: Json) {
  const error = check(value);
  const valid = reference(value) as boolean;
  const first = reference.errors?.[0];
  return {
    ours: error ? `${error.instancePath} ${error.message}` : 'valid',
    ajv: valid ? 'valid' : `${first?.instancePath} ${first?.message}`
  };
}

describe('the facts schema checker', () => {
  const docs = documents();

  it('reads the field corpus and the example (the test has documents to check)', () => {
    expect(docs.length).toBeGreaterThan(100);
    expect(
      docs.filter(([, facts]) => JSON.stringify(facts).includes('"profile"'))
        .length
    ).toBeGreaterThan(50);
  });

  it('agrees with Ajv on every document as measured', () => {
    for (const [name, facts] of docs) {
      const { ours: mine, ajv: theirs } = agree(ours, ajvDocument, facts);
      expect([name, mine]).toEqual([name, theirs]);
    }
  });

  it('agrees with Ajv on every mutation of the example and of 12 corpus cases', () => {
    let mutants = 0;
    let invalid = 0;
    const disagreements: string[] = [];
    for (const [name, original] of [docs[0], ...docs.slice(1, 13)]) {
      for (const path of paths(original)) {
        for (const replacement of REPLACEMENTS) {
          const copy = mutate(original, path, replacement);
          const { ours: mine, ajv: theirs } = agree(ours, ajvDocument, copy);
          if (mine !== theirs) {
            disagreements.push(
              `${name} ${path.join('.')} := ${JSON.stringify(replacement)}: ${mine} / Ajv: ${theirs}`
            );
          }
          mutants++;
          invalid += theirs === 'valid' ? 0 : 1;
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(mutants).toBeGreaterThan(5000);
    expect(invalid).toBeGreaterThan(0.5 * mutants);
  });

  it('checks a run record alone as Ajv checks $defs/run', () => {
    const runs = Object.values(
      (docs[0][1] as { runs: Record<string, Json[]> }).runs
    ).flat();
    for (const run of [
      ...runs,
      { ...(runs[0] as object), wall_s: -1 },
      {},
      null,
      [],
      'run'
    ]) {
      const { ours: mine, ajv: theirs } = agree(oursRun, ajvRun, run as Json);
      expect(mine).toEqual(theirs);
    }
  });

  it('refuses a schema keyword it does not check, rather than passing values unchecked', () => {
    const grown: Schema = {
      ...factsSchema,
      $defs: { ...(factsSchema.$defs as object), x: { pattern: '^a' } }
    };
    expect(() => schemaCheck(grown)).toThrow(
      'schema keyword "pattern" is not supported'
    );
  });
});
