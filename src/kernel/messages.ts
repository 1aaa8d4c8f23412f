/**
 * The probe's comm messages, checked on arrival: the kernel runs user code, so what comes over the
 * comm is data to validate, not to trust. Anything malformed becomes `ignored`.
 */
import type { IFacts, IProbeProfiling, IRunRecord } from '../contracts/facts';
import { FactsError, isRunRecord, validateFacts } from '../contracts/facts';

/** One record as the probe sends it: the cell it belongs to and what was measured. */
export interface IProbeRun {
  readonly cellId: string;
  readonly record: IRunRecord;
}

/** The facts part of a probe message: everything but the runs, which the front end keeps. */
export type ProbeFacts = Omit<IFacts, 'runs'>;

/** A message from the probe's comm, checked. */
export type ProbeMessage =
  | {
      readonly type: 'hello';
      readonly facts: ProbeFacts;
      /** The line profile's settings; null from a probe that has none (or sent them malformed). */
      readonly profiling: IProbeProfiling | null;
    }
  | {
      readonly type: 'facts';
      readonly requestId: number | null;
      readonly facts: ProbeFacts;
    }
  | { readonly type: 'runs'; readonly runs: readonly IProbeRun[] }
  | {
      readonly type: 'fault';
      /** What failed: "events" means the probe lost its hooks and measures no more. */
      readonly where: string | null;
      readonly error: string;
    }
  | { readonly type: 'ignored'; readonly reason: string };

type Json = { [key: string]: unknown };

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Facts checked against facts.schema.json (with the runs the probe does not send). */
export function readFacts(value: unknown): ProbeFacts | null {
  if (!isObject(value)) {
    return null;
  }
  try {
    const facts = validateFacts({ ...value, runs: {} });
    const { version, kernel, machine, libraries, variables } = facts;
    return { version, kernel, machine, libraries, variables };
  } catch (error) {
    if (error instanceof FactsError) {
      return null;
    }
    throw error;
  }
}

/** The hello's `profiling`: `{enabled, start_delay_s, interval_s}`, or null. */
function readProfiling(value: unknown): IProbeProfiling | null {
  if (!isObject(value)) {
    return null;
  }
  const { enabled, start_delay_s, interval_s } = value;
  return typeof enabled === 'boolean' &&
    isSeconds(start_delay_s) &&
    isSeconds(interval_s) &&
    interval_s > 0
    ? { enabled, start_delay_s, interval_s }
    : null;
}

function isSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function readRuns(value: unknown): IProbeRun[] {
  if (!Array.isArray(value)) {
    return [];
  }
  const runs: IProbeRun[] = [];
  for (const item of value) {
    // Executions outside a notebook cell (a console, another client) carry no cell id: skipped.
    if (
      isObject(item) &&
      typeof item.cell_id === 'string' &&
      item.cell_id !== '' &&
      isRunRecord(item.record)
    ) {
      runs.push({ cellId: item.cell_id, record: item.record });
    }
  }
  return runs;
}

/** Reads a comm message's data into a checked ProbeMessage. */
export function parseProbeMessage(data: unknown): ProbeMessage {
  if (!isObject(data) || typeof data.type !== 'string') {
    return { type: 'ignored', reason: 'not a probe message' };
  }
  switch (data.type) {
    case 'hello':
    case 'facts': {
      const facts = readFacts(data.facts);
      if (!facts) {
        return { type: 'ignored', reason: `malformed ${data.type} facts` };
      }
      return data.type === 'hello'
        ? { type: 'hello', facts, profiling: readProfiling(data.profiling) }
        : {
            type: 'facts',
            requestId:
              typeof data.request_id === 'number' ? data.request_id : null,
            facts
          };
    }
    case 'runs':
      return { type: 'runs', runs: readRuns(data.runs) };
    case 'fault':
      return {
        type: 'fault',
        where: typeof data.where === 'string' ? data.where : null,
        error: typeof data.error === 'string' ? data.error : 'unknown fault'
      };
    default:
      return { type: 'ignored', reason: `unknown type ${data.type}` };
  }
}
