/**
 * `consistent-timing`: repeated runs that vary by more than a fifth. The lesson: "Check that the
 * tool that you want to optimise runs in consistent time ... If not, then how will you know if your
 * improvements have made it faster, or if it's just random chance?"
 */
import type { IRuleInput } from '../../advice/context';
import type { Finding } from '../../advice/phrases';
import { CONSISTENT_VARIATION } from '../../advice/measure';
import { evidence } from '../../advice/phrases';
import { message } from '../../contracts/messages';
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
    title: message('consistent-timing.title'),
    why: message('consistent-timing.why', {
      runs: m.runs,
      min: words.seconds(m.minSeconds),
      max: words.seconds(m.maxSeconds),
      percent,
      mean: words.seconds(m.meanSeconds)
    }),
    evidence: [
      evidence(
        'measured',
        message('consistent-timing.runs', {
          runs: m.runs,
          min: words.seconds(m.minSeconds),
          max: words.seconds(m.maxSeconds)
        })
      ),
      evidence('measured', message('consistent-timing.varies', { percent }))
    ],
    confidence: m.runs >= 3 ? 'high' : 'medium'
  };
}
