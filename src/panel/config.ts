import type { PoolLibrary, RuleId } from '../advice/types';
import { DEFAULT_ADVICE_CONFIG } from '../advice/types';
import { isRuleId } from './cells';
import type { IPanelConfig } from './types';

/** The settings' defaults, as in schema/plugin.json. */
export const DEFAULT_PANEL_CONFIG: IPanelConfig = {
  ...DEFAULT_ADVICE_CONFIG,
  historyLength: 20,
  probeEnabled: true
};

const POOLS: readonly PoolLibrary[] = [
  'pathos',
  'joblib',
  'concurrent.futures'
];

/**
 * The panel's plain config from the settings registry's composite value. The registry already
 * validated it against the schema; anything else (an old or hand-edited value) falls back to the
 * default rather than breaking the panel.
 */
export function readConfig(
  composite: Readonly<Record<string, unknown>>
): IPanelConfig {
  const d = DEFAULT_PANEL_CONFIG;
  const threshold = composite['thresholdSeconds'];
  const history = composite['historyLength'];
  const pool = composite['poolLibrary'];
  const hidden = composite['hiddenRules'];
  return {
    thresholdSeconds:
      typeof threshold === 'number' && threshold >= 0
        ? threshold
        : d.thresholdSeconds,
    historyLength:
      typeof history === 'number' && Number.isInteger(history) && history >= 1
        ? history
        : d.historyLength,
    probeEnabled:
      typeof composite['probeEnabled'] === 'boolean'
        ? composite['probeEnabled']
        : d.probeEnabled,
    poolLibrary: POOLS.find(name => name === pool) ?? d.poolLibrary,
    hiddenRules: Array.isArray(hidden)
      ? hidden.filter(
          (rule): rule is RuleId => typeof rule === 'string' && isRuleId(rule)
        )
      : d.hiddenRules
  };
}
