/**
 * The diagnosis in one sentence: a message id with its parameters (what the panel translates),
 * and the English text the CLI report prints ("Bottleneck: the Python interpreter, line 9 — 84 %
 * of 4.3 s; 1.0 of 2 cores busy").
 */
import type { IDiagnosis, IHotLine } from './types';

/** Message ids of the diagnosis sentence, one per kind (and one for a profile-less guess). */
export type DiagnosisMessageId =
  | 'diagnosis.interpreter'
  | 'diagnosis.native'
  | 'diagnosis.unprofiled'
  | 'diagnosis.all-cores'
  | 'diagnosis.waiting'
  | 'diagnosis.memory-error'
  | 'diagnosis.memory-peak'
  | 'diagnosis.failed'
  | 'diagnosis.fast'
  | 'diagnosis.unmeasured'
  | 'diagnosis.unmeasured-heavy';

/** A message id and its parameters: numbers stay numbers, the view formats them. */
export interface IDiagnosisMessage {
  id: DiagnosisMessageId;
  params: Record<string, string | number | null>;
}

/** The sentence's id and parameters for a diagnosis of cell `cellId`. */
export function diagnosisMessage(
  diagnosis: IDiagnosis,
  cellId: string
): IDiagnosisMessage {
  const timing = {
    seconds: diagnosis.seconds,
    busy: diagnosis.coresBusy,
    cores: diagnosis.cores
  };
  const hot = diagnosis.hotLines[0] ?? null;
  const where = hot ? place(hot, cellId) : null;
  const share = diagnosis.hotLines.reduce((acc, line) => acc + line.share, 0);
  switch (diagnosis.kind) {
    case 'interpreter':
    case 'native':
    case 'waiting':
      if (!diagnosis.profiled && diagnosis.kind !== 'waiting') {
        return {
          id: 'diagnosis.unprofiled',
          params: { ...timing, kind: diagnosis.kind }
        };
      }
      return {
        id: `diagnosis.${diagnosis.kind}`,
        params: {
          ...timing,
          lines: hot ? linesText(diagnosis.hotLines, cellId) : null,
          where,
          share: hot ? Math.round(share * 100) : null
        }
      };
    case 'all-cores':
      return { id: 'diagnosis.all-cores', params: timing };
    case 'memory':
      return diagnosis.error
        ? { id: 'diagnosis.memory-error', params: { error: diagnosis.error } }
        : {
            id: 'diagnosis.memory-peak',
            params: {
              ...timing,
              peak: peak(diagnosis),
              available: available(diagnosis)
            }
          };
    case 'failed':
      return { id: 'diagnosis.failed', params: { error: diagnosis.error } };
    case 'fast':
      return { id: 'diagnosis.fast', params: { seconds: diagnosis.seconds } };
    case 'unmeasured': {
      const heavy = diagnosis.evidence.find(item => item.fact === 'heavy_code');
      return heavy
        ? {
            id: 'diagnosis.unmeasured-heavy',
            params: { reason: String(heavy.value), line: heavy.line ?? null }
          }
        : { id: 'diagnosis.unmeasured', params: {} };
    }
  }
}

/**
 * The English sentence, for the CLI report and for tests. `formatSeconds` lets the report say
 * times the way the rest of it does.
 */
export function diagnosisSentence(
  diagnosis: IDiagnosis,
  cellId: string,
  formatSeconds: (value: number) => string = seconds
): string {
  const time = (value: number | null): string =>
    value === null ? '' : formatSeconds(value);
  const message = diagnosisMessage(diagnosis, cellId);
  const p = message.params;
  const timing = timingText(diagnosis);
  const at =
    (p.lines ? `, ${p.lines} — ${p.share} % of ` : ' — ') +
    time(diagnosis.seconds);
  switch (message.id) {
    case 'diagnosis.interpreter':
      return `Bottleneck: the Python interpreter${at}${timing}`;
    case 'diagnosis.native':
      return `Bottleneck: compiled code (NumPy, SciPy, pandas, a C extension) on one core${at}${timing}`;
    case 'diagnosis.waiting':
      return `Bottleneck: waiting, off the CPU (I/O, network, sleep, other processes)${at}${timing}`;
    case 'diagnosis.unprofiled':
      return `Bottleneck: ${p.kind === 'interpreter' ? 'the Python interpreter' : 'compiled code'}, read from the code (no line profile) — ${time(diagnosis.seconds)}${timing}`;
    case 'diagnosis.all-cores':
      return `Bottleneck: every core is busy — ${time(diagnosis.seconds)}${timing}`;
    case 'diagnosis.memory-error':
      return `Bottleneck: memory — the run failed with ${p.error}`;
    case 'diagnosis.memory-peak':
      return `Bottleneck: memory — the run peaked at ${bytes(Number(p.peak))} of ${bytes(Number(p.available))} available`;
    case 'diagnosis.failed':
      return `The cell failed (${p.error}): fix the error first`;
    case 'diagnosis.fast':
      return `Fast: ${time(diagnosis.seconds)}, nothing to do`;
    case 'diagnosis.unmeasured':
      return 'Not measured yet: run the cell to measure';
    case 'diagnosis.unmeasured-heavy':
      return `Not measured yet; the code alone shows heavy work (${p.reason === 'trip-count' ? 'a large known trip count' : 'nested numeric loops'}, line ${p.line})`;
  }
}

function place(line: IHotLine, cellId: string): string {
  return line.cell_id === cellId
    ? `line ${line.line}`
    : `line ${line.line} of cell ${line.cell_id}`;
}

function linesText(lines: readonly IHotLine[], cellId: string): string {
  const own = lines
    .filter(line => line.cell_id === cellId)
    .map(line => line.line);
  const other = lines
    .filter(line => line.cell_id !== cellId)
    .map(line => place(line, cellId));
  const parts = [
    ...(own.length > 0
      ? [`${own.length === 1 ? 'line' : 'lines'} ${list(own.map(String))}`]
      : []),
    ...other
  ];
  return list(parts);
}

function timingText(diagnosis: IDiagnosis): string {
  if (diagnosis.coresBusy === null) {
    return '';
  }
  const of = diagnosis.cores === null ? '' : ` of ${diagnosis.cores}`;
  return `; ${diagnosis.coresBusy.toFixed(1)}${of} ${diagnosis.cores === 1 ? 'core' : 'cores'} busy`;
}

function peak(diagnosis: IDiagnosis): number | null {
  const item = diagnosis.evidence.find(e => e.fact === 'peak_memory_bytes');
  return item ? Number(item.value) : null;
}

function available(diagnosis: IDiagnosis): number | null {
  const item = diagnosis.evidence.find(
    e => e.fact === 'memory_available_bytes'
  );
  return item ? Number(item.value) : null;
}

function seconds(value: number): string {
  return value < 0.1
    ? `${Math.round(value * 1000)} ms`
    : value < 10
      ? `${value.toFixed(1)} s`
      : `${Math.round(value)} s`;
}

function bytes(value: number): string {
  return value >= 1e9
    ? `${(value / 1e9).toFixed(1)} GB`
    : `${Math.round(value / 1e6)} MB`;
}

function list(items: readonly string[]): string {
  return items.length <= 1
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
