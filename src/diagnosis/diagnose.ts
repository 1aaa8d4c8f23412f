/**
 * The diagnosis stage: what limits a cell, decided from its measurements first — the runs (wall,
 * CPU of the kernel and its children, peak memory, errors), the machine, the line profile — and
 * from the code's shape only where no measurement can say. Pure and deterministic.
 */
import type { IProfileSplit } from './profile';
import { hotLines, split } from './profile';
import type {
  DiagnosisConfidence,
  DiagnosisKind,
  IDiagnosis,
  IDiagnosisEvidence,
  IDiagnosisInput,
  IDiagnosisRun,
  IHotLine,
  IProfile
} from './types';

/** A peak above this share of the memory available is "near the limit". */
export const NEAR_MEMORY = 0.8;
/** The kernel's own CPU below this share of a core means it mostly waited. */
export const WAITING_BUSY = 0.5;
/**
 * Profiled time off the CPU above this share is a waiting cell. Below it, the waits are partial,
 * or the OS ran other work on this core (a loaded machine reads the same): the CPU part decides.
 */
export const WAITING_SHARE = 0.85;
/** Profiles with fewer samples than this say less: medium confidence at most. */
const FEW_SAMPLES = 20;
/** A component holding this share of the time is a clear verdict. */
const CLEAR_SHARE = 0.7;

/** What limits the cell, with the numbers that say so. */
export function diagnose(input: IDiagnosisInput): IDiagnosis {
  const run = diagnosedRun(input.runs);
  if (!run) {
    return unmeasured(input);
  }
  if (!run.ok && !interrupted(run)) {
    return failedRun(run, input);
  }
  const diagnosis = measured(run, input);
  // An interrupted run is at least as long as it ran, but says less about the whole cell.
  return interrupted(run) && diagnosis.confidence === 'high'
    ? { ...diagnosis, confidence: 'medium' }
    : diagnosis;
}

/** True for a failure that comes from memory: the data exceed what the machine has. */
export function isMemoryError(error: string | undefined): boolean {
  return (
    error !== undefined &&
    /^(\w+\.)*(_Array)?MemoryError\b|Unable to allocate|out of memory/i.test(
      error
    )
  );
}

/** The latest run: the cell as it stands now. */
function diagnosedRun(
  runs: readonly IDiagnosisRun[]
): IDiagnosisRun | undefined {
  return runs.length > 0 ? runs[runs.length - 1] : undefined;
}

function interrupted(run: IDiagnosisRun): boolean {
  return !run.ok && (run.error ?? '').startsWith('KeyboardInterrupt');
}

function base(
  kind: DiagnosisKind,
  confidence: DiagnosisConfidence,
  input: IDiagnosisInput,
  run: IDiagnosisRun | null
): IDiagnosis {
  return {
    kind,
    confidence,
    evidence: [],
    hotLines: [],
    seconds: run ? run.wall_s : null,
    coresBusy: run ? coresBusy(run) : null,
    cores: cores(input),
    error: run?.error ?? null,
    profiled: false
  };
}

function unmeasured(input: IDiagnosisInput): IDiagnosis {
  const heavy = input.shape.heavy;
  const diagnosis = base('unmeasured', heavy ? 'medium' : 'low', input, null);
  if (heavy) {
    diagnosis.evidence.push({
      fact: 'heavy_code',
      value: heavy.reason,
      line: heavy.line,
      cell_id: input.cellId
    });
  }
  return diagnosis;
}

function failedRun(run: IDiagnosisRun, input: IDiagnosisInput): IDiagnosis {
  const memory = isMemoryError(run.error);
  const diagnosis = base(memory ? 'memory' : 'failed', 'high', input, run);
  diagnosis.evidence.push({ fact: 'error', value: run.error ?? 'failed' });
  if (memory) {
    diagnosis.evidence.push(...memoryEvidence(run, input));
  }
  return diagnosis;
}

function measured(run: IDiagnosisRun, input: IDiagnosisInput): IDiagnosis {
  if (run.wall_s < input.thresholdSeconds) {
    const fast = base('fast', 'high', input, run);
    fast.evidence.push(
      { fact: 'wall_s', value: run.wall_s },
      { fact: 'threshold_s', value: input.thresholdSeconds }
    );
    return fast;
  }
  const profile =
    run.profile && split(run.profile).total > 0
      ? walksAsPython(run.profile, input)
      : null;
  const diagnosis = profile
    ? fromProfile(run, profile, input)
    : fromCpu(run, input);
  diagnosis.evidence.unshift(...cpuEvidence(run, input));
  return diagnosis;
}

/**
 * The profile with the compiled time of lines that call a built-in on a NumPy array counted as
 * the interpreter's: `sum(big_array)` holds the GIL in C, yet does one Python addition per element.
 * So with lines where pandas calls a Python function per element, row or group.
 */
function walksAsPython(profile: IProfile, input: IDiagnosisInput): IProfile {
  const walks = new Set(
    (input.shape.elementWalks ?? []).map(line => `${input.cellId}:${line}`)
  );
  for (const callback of input.shape.callbacks ?? []) {
    walks.add(`${callback.cell_id}:${callback.line}`);
  }
  if (walks.size === 0) {
    return profile;
  }
  return {
    ...profile,
    lines: profile.lines.map(line =>
      walks.has(`${line.cell_id}:${line.line}`)
        ? {
            ...line,
            python_s: nonNegative(line.python_s) + nonNegative(line.native_s),
            native_s: 0
          }
        : line
    )
  };
}

/** Memory and all cores come from the run's totals, before the profile is read. */
function fromTotals(
  run: IDiagnosisRun,
  input: IDiagnosisInput
): IDiagnosis | null {
  if (nearMemory(run, input)) {
    const memory = base('memory', 'medium', input, run);
    memory.evidence.push(...memoryEvidence(run, input));
    return memory;
  }
  return allCoresBusy(run, input)
    ? base('all-cores', 'high', input, run)
    : null;
}

function fromProfile(
  run: IDiagnosisRun,
  profile: IProfile,
  input: IDiagnosisInput
): IDiagnosis {
  const totals = fromTotals(run, input);
  if (totals) {
    return totals;
  }
  const shares = split(profile);
  const kind = profiledKind(run, shares);
  const cpu = shares.python + shares.native;
  // Waiting against the whole; the interpreter against compiled code, of the time on a CPU.
  const share =
    kind === 'waiting'
      ? shares.waiting
      : (kind === 'interpreter' ? shares.python : shares.native) / cpu;
  const clear =
    share >= CLEAR_SHARE &&
    profile.samples >= FEW_SAMPLES &&
    (kind === 'waiting' || shares.waiting < 1 - WAITING_SHARE);
  const diagnosis = base(kind, clear ? 'high' : 'medium', input, run);
  const component =
    kind === 'waiting'
      ? 'waiting_s'
      : kind === 'interpreter'
        ? 'python_s'
        : 'native_s';
  diagnosis.profiled = true;
  diagnosis.hotLines = hotLines(profile, component);
  diagnosis.evidence.push(
    { fact: 'python_share', value: round(shares.python) },
    { fact: 'native_share', value: round(shares.native) },
    { fact: 'waiting_share', value: round(shares.waiting) },
    ...diagnosis.hotLines.map(lineEvidence),
    { fact: 'samples', value: profile.samples }
  );
  return diagnosis;
}

/**
 * Waiting when the cell's thread was mostly off the CPU and the kernel's other threads did not
 * work meanwhile (threads computing while the cell's thread waits for them are compiled code or
 * Python, not waiting); else the interpreter or compiled code, whichever held more CPU time.
 */
function profiledKind(
  run: IDiagnosisRun,
  shares: IProfileSplit
): DiagnosisKind {
  const kernelBusy = run.wall_s > 0 ? nonNegative(run.cpu_s) / run.wall_s : 0;
  if (shares.waiting >= WAITING_SHARE && kernelBusy < 1.5 * WAITING_BUSY) {
    return 'waiting';
  }
  return shares.python >= shares.native ? 'interpreter' : 'native';
}

/** Without a profile: the CPU totals, then the code's shape for interpreter against native. */
function fromCpu(run: IDiagnosisRun, input: IDiagnosisInput): IDiagnosis {
  const totals = fromTotals(run, input);
  if (totals) {
    return totals;
  }
  if (!run.timing_only && run.wall_s > 0) {
    const kernelBusy = nonNegative(run.cpu_s) / run.wall_s;
    if (kernelBusy < WAITING_BUSY) {
      return base(
        'waiting',
        kernelBusy < WAITING_BUSY / 2 ? 'high' : 'medium',
        input,
        run
      );
    }
  }
  // Without a profile the code's loops tell the interpreter from compiled code: a guess, and
  // a weak one when not even the CPU time is known.
  const kind = input.shape.pythonLoops ? 'interpreter' : 'native';
  return base(kind, run.timing_only ? 'low' : 'medium', input, run);
}

function nearMemory(run: IDiagnosisRun, input: IDiagnosisInput): boolean {
  const limit = memoryLimit(input);
  return limit !== null && run.peak_rss_delta_bytes >= NEAR_MEMORY * limit;
}

function memoryLimit(input: IDiagnosisInput): number | null {
  const machine = input.machine;
  return machine?.memory_available_bytes ?? machine?.memory_bytes ?? null;
}

/** Every core busy: at least three quarters of them (1.5 of 2, 30 of 40). */
function allCoresBusy(run: IDiagnosisRun, input: IDiagnosisInput): boolean {
  const busy = coresBusy(run);
  const total = cores(input);
  return busy !== null && total !== null && total >= 2 && busy >= 0.75 * total;
}

function coresBusy(run: IDiagnosisRun): number | null {
  if (run.timing_only || !(run.wall_s > 0)) {
    return null;
  }
  return (
    (nonNegative(run.cpu_s) + nonNegative(run.children_cpu_s)) / run.wall_s
  );
}

function cores(input: IDiagnosisInput): number | null {
  const value = input.machine?.cores;
  return value !== undefined && value >= 1 ? value : null;
}

function cpuEvidence(
  run: IDiagnosisRun,
  input: IDiagnosisInput
): IDiagnosisEvidence[] {
  const evidence: IDiagnosisEvidence[] = [
    { fact: 'wall_s', value: run.wall_s }
  ];
  const busy = coresBusy(run);
  if (busy !== null) {
    evidence.push({ fact: 'cores_busy', value: round(busy) });
  }
  const total = cores(input);
  if (total !== null) {
    evidence.push({ fact: 'cores', value: total });
  }
  return evidence;
}

function memoryEvidence(
  run: IDiagnosisRun,
  input: IDiagnosisInput
): IDiagnosisEvidence[] {
  const evidence: IDiagnosisEvidence[] = [];
  if (run.peak_rss_delta_bytes > 0) {
    evidence.push({
      fact: 'peak_memory_bytes',
      value: run.peak_rss_delta_bytes
    });
  }
  const limit = memoryLimit(input);
  if (limit !== null) {
    evidence.push({ fact: 'memory_available_bytes', value: limit });
  }
  return evidence;
}

function lineEvidence(line: IHotLine): IDiagnosisEvidence {
  return {
    fact: 'hot_line_share',
    value: round(line.share),
    line: line.line,
    cell_id: line.cell_id
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function nonNegative(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}
