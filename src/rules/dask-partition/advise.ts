/**
 * `dask-partition`: data larger than memory, or large data handled on one core of several. The
 * lesson: "you may be able to use Dask to partition large data structures across multiple cores."
 */
import type { IRuleInput } from '../../advice/context';
import type { Finding } from '../../advice/phrases';
import {
  machineEvidence,
  measuredEvidence,
  timing
} from '../../advice/phrases';
import type { Confidence, IEvidence } from '../../contracts/advice';
import * as words from '../../advice/words';

/** From this size a single array is worth splitting across cores (and may strain memory). */
export const LARGE_DATA_BYTES = 256 * 1e6;

/** Fires for big data, unless the cell already uses Dask or all the cores. */
export function daskPartition(input: IRuleInput): Finding | null {
  if (input.cell.analysis.uses.dask || input.work.gpu) {
    return null;
  }
  if (input.diagnosis.kind === 'memory') {
    return outOfMemory(input);
  }
  const data = input.work.data;
  if (!data) {
    return null;
  }
  const available = input.machine?.memory_available_bytes ?? null;
  const tooBig = available !== null && data.bytes > available;
  const large = data.bytes >= LARGE_DATA_BYTES;
  const confidence = judge(input, tooBig, large);
  if (confidence === null) {
    return null;
  }
  const evidence: IEvidence[] = [...measuredEvidence(input)];
  evidence.push(
    data.line !== undefined
      ? { kind: 'code', text: data.label, line: data.line }
      : {
          kind: data.source === 'probe' ? 'measured' : 'code',
          text: data.label
        }
  );
  evidence.push(...largeVariables(input, data.label));
  const size =
    tooBig && available !== null
      ? `more than the ${words.bytes(available)} of memory available`
      : `large enough to be worth spreading over the cores`;
  return {
    rule: 'dask-partition',
    title: 'Partition the data with Dask',
    why: [
      `The cell works on ${data.what}, ${size}; ${timing(input)}.`,
      'Dask splits the data into chunks that fit in memory and works on them on every core at once.'
    ].join(' '),
    evidence: [...evidence, ...machineEvidence(input, ['cores', 'memory'])],
    confidence
  };
}

/** The run failed for memory, or peaked near it: the data do not fit, whatever their size in the code. */
function outOfMemory(input: IRuleInput): Finding {
  const diagnosis = input.diagnosis;
  const data = input.work.data;
  const evidence: IEvidence[] = [];
  const failed = diagnosis.error !== null;
  evidence.push(
    failed
      ? { kind: 'measured', text: `the run failed: ${diagnosis.error}` }
      : { kind: 'measured', text: peakText(input) }
  );
  if (data) {
    evidence.push(
      data.line !== undefined
        ? { kind: 'code', text: data.label, line: data.line }
        : {
            kind: data.source === 'probe' ? 'measured' : 'code',
            text: data.label
          }
    );
  }
  const what = data ? data.what : 'its data';
  return {
    rule: 'dask-partition',
    title: 'Partition the data with Dask',
    why: [
      failed
        ? `The cell ran out of memory (${diagnosis.error}): ${what} do not fit in this machine's memory.`
        : `The cell's memory peaked near what this machine has (${peakText(input)}): ${what} barely fit.`,
      'Dask splits the data into chunks that fit in memory and works on them on every core at once.'
    ].join(' '),
    evidence: [...evidence, ...machineEvidence(input, ['cores', 'memory'])],
    confidence: 'high'
  };
}

function peakText(input: IRuleInput): string {
  const peak = input.diagnosis.evidence.find(
    item => item.fact === 'peak_memory_bytes'
  );
  return peak
    ? `peak ${words.bytes(Number(peak.value))} above the memory at the start`
    : 'peak near the memory available';
}

/** Other large variables of the cell the probe measured (temporaries as large as the input). */
function largeVariables(input: IRuleInput, shown: string): IEvidence[] {
  const analysis = input.cell.analysis;
  const evidence: IEvidence[] = [];
  for (const name of new Set([...analysis.assigned, ...analysis.freeNames])) {
    const facts = Object.prototype.hasOwnProperty.call(input.variables, name)
      ? input.variables[name]
      : undefined;
    const text =
      facts?.nbytes !== undefined
        ? `variable \`${name}\` (${facts.type}, ${words.bytes(facts.nbytes)})`
        : '';
    if (
      facts?.nbytes !== undefined &&
      facts.nbytes >= LARGE_DATA_BYTES &&
      text !== shown
    ) {
      evidence.push({ kind: 'measured', text });
    }
  }
  return evidence;
}

/** Confidence for the data and measurements, or null when Dask would not help. */
function judge(
  input: IRuleInput,
  tooBig: boolean,
  large: boolean
): Confidence | null {
  if (tooBig) {
    return 'high';
  }
  if (!large) {
    return null;
  }
  // Large data that fit: NumPy already does the work on them (the lesson's "maps nicely to
  // NumPy data structures"); partitioning is for data beyond memory. Unmeasured, a low hint.
  return input.measurement ? null : 'low';
}
