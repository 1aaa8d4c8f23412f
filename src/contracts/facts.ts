/**
 * The facts format, version 1: what the kernel probe measured, in the shape the front end keeps and
 * the CLI reads with `--facts`. The core (analysis, advice, templates) meets the kernel only here.
 *
 * `validateFacts` checks a document against `facts.schema.json`, the one definition of the format.
 */
import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';

import schema from '../facts.schema.json';

/** One execution of one cell, as the probe recorded it. */
export interface IRunRecord {
  wall_s: number;
  /** CPU time of the kernel process itself. */
  cpu_s: number;
  /** CPU time of child processes and pool workers started during the execution. */
  children_cpu_s: number;
  peak_rss_delta_bytes: number;
  /** Top-level modules first imported by this execution. */
  imported: string[];
  ok: boolean;
  /** `"<exception name>: <message>"` when not ok. */
  error?: string;
  /** Wall time from JupyterLab's execute messages (no probe): CPU and memory are unknown (0). */
  timing_only?: boolean;
}

export interface IGpuFacts {
  name: string;
  memory_bytes: number | null;
}

export interface IMachineFacts {
  /** Usable cores (CPU affinity), not the machine's total. */
  cores: number;
  memory_bytes: number | null;
  memory_available_bytes: number | null;
  gpus: IGpuFacts[];
  /** 'slurm' | 'pbs' | 'lsf' | 'sge', or null when no batch scheduler is seen. */
  scheduler: string | null;
  /** BLAS threads, when threadpoolctl was already loaded in the kernel. */
  blas_threads?: number;
}

/** A user variable whose size is cheap to read. */
export interface IVariableFacts {
  type: string;
  nbytes?: number;
  shape?: number[];
  dtype?: string;
  len?: number;
}

export interface IFacts {
  version: 1;
  kernel: { language: string; version: string };
  machine: IMachineFacts;
  /** Installed versions; null = not installed. */
  libraries: Record<string, string | null>;
  variables: Record<string, IVariableFacts>;
  /** Runs keyed by JupyterLab cell id (or the cell index as a string, for cells without ids). */
  runs: Record<string, IRunRecord[]>;
}

/** Thrown for a document that is not facts version 1; the message names the offending field. */
/** Runs per cell id, oldest first. */
export type RunsByCell = Readonly<Record<string, readonly IRunRecord[]>>;

export class FactsError extends Error {}

let validators: { facts: ValidateFunction; run: ValidateFunction } | null =
  null;

/** Compiled once, on first use: compiling costs milliseconds that start-up need not pay. */
function compiled(): { facts: ValidateFunction; run: ValidateFunction } {
  if (!validators) {
    const ajv = new Ajv2020({ allErrors: false, strict: false });
    const facts = ajv.compile(schema);
    const run = ajv.getSchema(`${schema.$id}#/$defs/run`);
    if (!run) {
      throw new Error('facts.schema.json has no run definition');
    }
    validators = { facts, run };
  }
  return validators;
}

function describeError(validate: ValidateFunction): string {
  const first = validate.errors?.[0];
  if (!first) {
    return 'invalid';
  }
  const where = first.instancePath
    ? first.instancePath.slice(1).replace(/\//g, '.')
    : '(top level)';
  return `${where} ${first.message ?? 'is invalid'}`;
}

/** Checks a parsed JSON document against facts.schema.json; throws FactsError if it does not fit. */
export function validateFacts(value: unknown): IFacts {
  const { facts } = compiled();
  if (!facts(value)) {
    throw new FactsError(`not facts version 1: ${describeError(facts)}`);
  }
  return value as IFacts;
}

/** True when a value is one run record of the facts format. */
export function isRunRecord(value: unknown): value is IRunRecord {
  return compiled().run(value) as boolean;
}
