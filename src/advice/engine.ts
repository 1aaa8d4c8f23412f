/**
 * The advice engine: runs every rule on a cell and ranks what they find, best first. Pure and
 * deterministic: the same input gives the same list in the same order.
 */
import type { DiagnosisKind } from '../diagnosis';
import type { IRuleInput } from './context';
import type { Finding, Rule } from './phrases';
import type {
  Confidence,
  IAdviceTarget,
  IFinding,
  RuleId
} from '../contracts/advice';
import { RULE_IDS } from '../contracts/advice';

const CONFIDENCE_RANK: Record<Confidence, number> = {
  high: 0,
  medium: 1,
  low: 2
};

/**
 * The lesson's order, used after confidence: make timing consistent and find the hot spot before
 * changing anything, then climb from vector units to cores, GPUs, nodes and compiled code.
 */
const LESSON_ORDER: readonly RuleId[] = [
  'consistent-timing',
  'profile-first',
  // GNU Parallel fires only for items that run a program or a minute or more each: the time per
  // item decides first, before rewriting what runs inside each item (issue 12, defect 7).
  'gnu-parallel',
  ...RULE_IDS.filter(
    id =>
      id !== 'consistent-timing' &&
      id !== 'profile-first' &&
      id !== 'gnu-parallel'
  )
];

/**
 * The lesson's steps for each bottleneck: the only rules asked about a cell diagnosed so. Fast and
 * failed cells get none (the diagnosis says "nothing to do" or "fix the error first"); a cell that
 * never ran gets code-only steps only when its code alone shows heavy work.
 */
const STEPS: Readonly<Record<DiagnosisKind, readonly RuleId[]>> = {
  interpreter: [
    'consistent-timing',
    'profile-first',
    'numpy-vectorise',
    'numba-jit',
    'pathos-pool',
    'gnu-parallel',
    'dask-partition'
  ],
  native: [
    'consistent-timing',
    'pathos-pool',
    'gnu-parallel',
    'dask-partition',
    'gpu-library',
    'numba-cuda',
    'compiled-extension'
  ],
  'all-cores': [
    'consistent-timing',
    'pathos-pool',
    'dask-partition',
    'gpu-library',
    'numba-cuda',
    'multi-node',
    'compiled-extension'
  ],
  waiting: ['consistent-timing', 'pathos-pool', 'gnu-parallel'],
  memory: ['dask-partition'],
  failed: [],
  fast: [],
  unmeasured: [
    'numpy-vectorise',
    'numba-jit',
    'pathos-pool',
    'gnu-parallel',
    'dask-partition'
  ]
};

/** The rules the diagnosis lets through for this cell. */
export function steps(input: IRuleInput): readonly RuleId[] {
  const diagnosis = input.diagnosis;
  if (diagnosis.kind === 'unmeasured' && diagnosis.confidence === 'low') {
    return []; // "run it to measure": the code alone shows no heavy work
  }
  return STEPS[diagnosis.kind];
}

/**
 * The findings for one cell, best first: the lesson's steps for its bottleneck, read where its
 * time is. No finding is surer than the diagnosis it rests on; hidden rules are not run.
 *
 * @param rules - the rule for each id (rules/index.ts: the engine knows no rule by name).
 */
export function runRules(
  input: IRuleInput,
  rules: Readonly<Record<RuleId, Rule>>
): IFinding[] {
  const allowed = new Set(steps(input));
  const hidden = new Set<RuleId>(input.config.hiddenRules);
  const ceiling = input.diagnosis.confidence;
  const findings: Finding[] = [];
  for (const id of LESSON_ORDER) {
    if (hidden.has(id) || !allowed.has(id)) {
      continue;
    }
    const finding = rules[id](input);
    if (finding) {
      // Timing that varies is read from the runs themselves, not from the bottleneck.
      findings.push(
        id === 'consistent-timing'
          ? finding
          : { ...finding, confidence: atMost(finding.confidence, ceiling) }
      );
    }
  }
  return rank(findings).map(finding => ({
    ...finding,
    target: finding.target ?? cellTarget(input)
  }));
}

/** The whole analysed cell, the target of a rule that names none (profiling, timing). */
function cellTarget(input: IRuleInput): IAdviceTarget {
  return {
    kind: 'cell',
    cellId: input.cell.id,
    functionName: null,
    line: 1,
    endLine: Math.max(1, input.cell.analysis.lineCount)
  };
}

/** Sorts by confidence, then by the lesson's order. Stable and total: ties cannot happen. */
export function rank(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      CONFIDENCE_RANK[a.confidence] - CONFIDENCE_RANK[b.confidence] ||
      LESSON_ORDER.indexOf(a.rule) - LESSON_ORDER.indexOf(b.rule)
  );
}

function atMost(confidence: Confidence, ceiling: Confidence): Confidence {
  return CONFIDENCE_RANK[confidence] >= CONFIDENCE_RANK[ceiling]
    ? confidence
    : ceiling;
}
