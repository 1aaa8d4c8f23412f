import type { IFacts, IRunRecord } from '../facts';
import { isRunRecord } from '../facts';

/** One record as the probe sends it: the cell it belongs to and what was measured. */
export interface IProbeRun {
  cellId: string;
  record: IRunRecord;
}

/** A message from the probe's comm, checked; anything malformed becomes `ignored`. */
export type ProbeMessage =
  | { type: 'hello'; facts: Omit<IFacts, 'runs'> }
  | { type: 'facts'; requestId: number | null; facts: Omit<IFacts, 'runs'> }
  | { type: 'runs'; runs: IProbeRun[] }
  | { type: 'fault'; error: string }
  | { type: 'ignored'; reason: string };

type Json = { [key: string]: unknown };

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readFacts(value: unknown): Omit<IFacts, 'runs'> | null {
  if (!isObject(value) || value.version !== 1) {
    return null;
  }
  const { kernel, machine, libraries, variables } = value;
  if (!isObject(kernel) || !isObject(machine) || !isObject(libraries) || !isObject(variables)) {
    return null;
  }
  if (typeof machine.cores !== 'number' || !Array.isArray(machine.gpus)) {
    return null;
  }
  return value as unknown as Omit<IFacts, 'runs'>;
}

function readRuns(value: unknown): IProbeRun[] {
  if (!Array.isArray(value)) {
    return [];
  }
  const runs: IProbeRun[] = [];
  for (const item of value) {
    // Executions outside a notebook cell (a console, another client) carry no cell id: skipped.
    if (isObject(item) && typeof item.cell_id === 'string' && isRunRecord(item.record)) {
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
        ? { type: 'hello', facts }
        : { type: 'facts', requestId: typeof data.request_id === 'number' ? data.request_id : null, facts };
    }
    case 'runs':
      return { type: 'runs', runs: readRuns(data.runs) };
    case 'fault':
      return { type: 'fault', error: typeof data.error === 'string' ? data.error : 'unknown fault' };
    default:
      return { type: 'ignored', reason: `unknown type ${data.type}` };
  }
}
