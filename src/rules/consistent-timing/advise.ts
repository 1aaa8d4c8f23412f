/**
 * `consistent-timing`: repeated runs that vary by more than a fifth. The lesson: "Check that the
 * tool that you want to optimise runs in consistent time ... If not, then how will you know if your
 * improvements have made it faster, or if it's just random chance?"
 */
import type { IRuleInput } from '../../advice/context';
import type { Finding } from '../../advice/phrases';
import { CONSISTENT_VARIATION } from '../../advice/measure';
import * as words from '../../advice/words';

/**
 * Fires for successful runs that vary by more than 20% (advice/measure.ts: the same variation
 * and limit the panel's checklist reads).
 */
export function consistentTiming(input: IRuleInput): Finding | null {
  const m = input.measurement;
  if (!m || m.variation === null || m.variation <= CONSISTENT_VARIATION) {
    return null;
  }
  const percent = Math.round(m.variation * 100);
  return {
    rule: 'consistent-timing',
    title: 'Make the timing consistent before comparing',
    why: [
      `The last ${m.runs} runs took between ${words.seconds(m.minSeconds)} and ${words.seconds(m.maxSeconds)}, varying by ${percent}% (standard deviation over the mean of ${words.seconds(m.meanSeconds)}).`,
      'Until repeated runs agree, a faster version cannot be told apart from chance: find what varies (other jobs, first-run imports, caches, input size) and time several runs.'
    ].join(' '),
    evidence: [
      {
        kind: 'measured',
        text: `${m.runs} runs: ${words.seconds(m.minSeconds)} to ${words.seconds(m.maxSeconds)}`
      },
      { kind: 'measured', text: `varies by ${percent}% from run to run` }
    ],
    confidence: m.runs >= 3 ? 'high' : 'medium'
  };
}
