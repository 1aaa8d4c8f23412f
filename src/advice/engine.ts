/**
 * The advice engine: runs every rule on a cell and ranks what they find, best first. Pure and
 * deterministic: the same input gives the same list in the same order.
 */
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
  ...RULE_IDS.filter(id => id !== 'consistent-timing' && id !== 'profile-first')
];

/**
 * The findings for one cell, best first. A cell measured faster than the threshold gets none;
 * hidden rules are not run. Without measurements confidence is at most medium: the code alone
 * cannot show where the time goes.
 *
 * @param rules - the rule for each id (rules/index.ts: the engine knows no rule by name).
 */
export function runRules(
  input: IRuleInput,
  rules: Readonly<Record<RuleId, Rule>>
): IFinding[] {
  const m = input.measurement;
  if (m && m.seconds < input.config.thresholdSeconds) {
    return [];
  }
  const hidden = new Set<RuleId>(input.config.hiddenRules);
  const findings: Finding[] = [];
  for (const id of LESSON_ORDER) {
    if (hidden.has(id)) {
      continue;
    }
    const finding = rules[id](input);
    if (finding) {
      findings.push(
        m ? finding : { ...finding, confidence: capped(finding.confidence) }
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

function capped(confidence: Confidence): Confidence {
  return confidence === 'high' ? 'medium' : confidence;
}
