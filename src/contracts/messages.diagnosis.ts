/** The English templates of the diagnosis sentence (diagnosis/sentence.ts), one per kind. */
export const DIAGNOSIS_MESSAGES = {
  'diagnosis.interpreter': 'Bottleneck: the Python interpreter{at}{busy}',
  'diagnosis.native':
    'Bottleneck: compiled code (NumPy, SciPy, pandas, a C extension) on one core{at}{busy}',
  'diagnosis.waiting':
    'Bottleneck: waiting, off the CPU (I/O, network, sleep, other processes){at}{busy}',
  'diagnosis.unprofiled-interpreter':
    'Bottleneck: the Python interpreter, read from the code (no line profile) — {seconds}{busy}',
  'diagnosis.unprofiled-native':
    'Bottleneck: compiled code, read from the code (no line profile) — {seconds}{busy}',
  'diagnosis.all-cores': 'Bottleneck: every core is busy — {seconds}{busy}',
  'diagnosis.memory-error': 'Bottleneck: memory — the run failed with {error}',
  'diagnosis.memory-peak':
    'Bottleneck: memory — the run peaked at {peak} of {available} available',
  'diagnosis.failed': 'The cell failed ({error}): fix the error first',
  'diagnosis.fast': 'Fast: {seconds}, nothing to do',
  'diagnosis.unmeasured': 'Not measured yet: run the cell to measure',
  'diagnosis.unmeasured-heavy':
    'Not measured yet; the code alone shows heavy work ({reason}, line {line})',
  'diagnosis.reason-trip-count': 'a large known trip count',
  'diagnosis.reason-nested-numeric': 'nested numeric loops',
  'diagnosis.at': ' — {seconds}',
  'diagnosis.at-lines': ', {lines} — {share} % of {seconds}',
  'diagnosis.busy': '; {busy}',
  'diagnosis.line-of-cell': 'line {line} of {cell}',
  'diagnosis.line-of-other-cell': 'line {line} of another cell'
} as const;
