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
import type { IDataSize } from '../../advice/context';
import type { IMessage } from '../../contracts/messages';
import { formatMessage, message } from '../../contracts/messages';
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
  evidence.push(dataEvidence(data));
  evidence.push(...largeVariables(input, data.label));
  const size =
    tooBig && available !== null
      ? message('dask-partition.more-than-memory', {
          available: words.bytes(available)
        })
      : message('dask-partition.large');
  return {
    rule: 'dask-partition',
    title: message('dask-partition.title'),
    why: message('dask-partition.why', {
      what: data.what,
      size,
      timing: timing(input)
    }),
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
  evidence.push({
    kind: 'measured',
    text: failed
      ? message('dask-partition.run-failed', { error: diagnosis.error })
      : peakText(input)
  });
  if (data) {
    evidence.push(dataEvidence(data));
  }
  const what = data ? data.what : message('dask-partition.its-data');
  return {
    rule: 'dask-partition',
    title: message('dask-partition.title'),
    why: failed
      ? message('dask-partition.why-out-of-memory', {
          error: diagnosis.error,
          what
        })
      : message('dask-partition.why-peak', { peak: peakText(input), what }),
    evidence: [...evidence, ...machineEvidence(input, ['cores', 'memory'])],
    confidence: 'high'
  };
}

/** The data as evidence: with its line when the code states it, measured when the probe did. */
function dataEvidence(data: IDataSize): IEvidence {
  return data.line !== undefined
    ? { kind: 'code', text: data.label, line: data.line }
    : { kind: data.source === 'probe' ? 'measured' : 'code', text: data.label };
}

function peakText(input: IRuleInput): IMessage {
  const peak = input.diagnosis.evidence.find(
    item => item.fact === 'peak_memory_bytes'
  );
  return peak
    ? message('dask-partition.peak', {
        peak: words.bytes(Number(peak.value))
      })
    : message('dask-partition.peak-near');
}

/** Other large variables of the cell the probe measured (temporaries as large as the input). */
function largeVariables(input: IRuleInput, shown: IMessage): IEvidence[] {
  const analysis = input.cell.analysis;
  const evidence: IEvidence[] = [];
  for (const name of new Set([...analysis.assigned, ...analysis.freeNames])) {
    const facts = Object.prototype.hasOwnProperty.call(input.variables, name)
      ? input.variables[name]
      : undefined;
    if (facts?.nbytes === undefined || facts.nbytes < LARGE_DATA_BYTES) {
      continue;
    }
    const text = message('data.variable', {
      name: words.code(name),
      type: facts.type,
      size: words.bytes(facts.nbytes)
    });
    if (formatMessage(text) !== formatMessage(shown)) {
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
