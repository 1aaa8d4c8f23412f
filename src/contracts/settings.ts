/**
 * The extension's settings (schema/plugin.json): the one set of defaults and the one reader that
 * the panel, the kernel probe and the CLI use. settings.spec.ts ties both to the schema.
 */
import type { RuleId } from './advice';
import { isRuleId } from './advice';

/** The process-pool libraries the pool template can write for, as the schema's enum lists them. */
export const POOL_LIBRARIES = [
  'pathos',
  'joblib',
  'concurrent.futures'
] as const;

/** Which process-pool library the user prefers for independent work items. */
export type PoolLibrary = (typeof POOL_LIBRARIES)[number];

/** The advice engine's settings, handed in as a plain object by the plugin or the CLI. */
export interface IAdviceConfig {
  /** Cells faster than this many seconds get no advice. */
  thresholdSeconds: number;
  /** Rules the user has hidden. */
  hiddenRules: readonly RuleId[];
  /** Library used for the pool template. */
  poolLibrary: PoolLibrary;
}

/** Every setting, as the plugins hand them to the panel and the probe service. */
export interface ISettings extends IAdviceConfig {
  /** Runs kept and charted per cell. */
  historyLength: number;
  /** Whether the kernel probe is switched on (off means timings only). */
  probeEnabled: boolean;
  /** Whether the probe samples a line profile of every run longer than its start delay. */
  profile: boolean;
}

/** The settings' defaults, as in schema/plugin.json. */
export const DEFAULT_SETTINGS: Readonly<ISettings> = {
  thresholdSeconds: 1,
  hiddenRules: [],
  poolLibrary: 'pathos',
  historyLength: 20,
  probeEnabled: true,
  profile: true
};

/** The advice engine's part of the defaults: advice from 1 s, no rule hidden, Pathos for pools. */
export const DEFAULT_ADVICE_CONFIG: Readonly<IAdviceConfig> = {
  thresholdSeconds: DEFAULT_SETTINGS.thresholdSeconds,
  hiddenRules: DEFAULT_SETTINGS.hiddenRules,
  poolLibrary: DEFAULT_SETTINGS.poolLibrary
};

/**
 * The settings from the settings registry's composite value. The registry already validated it
 * against the schema; anything else (an old or hand-edited value) falls back to the default
 * rather than breaking the panel or the probe.
 */
export function readSettings(
  composite: Readonly<Record<string, unknown>>
): ISettings {
  const d = DEFAULT_SETTINGS;
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
    probeEnabled: flag(composite['probeEnabled'], d.probeEnabled),
    profile: flag(composite['profile'], d.profile),
    poolLibrary: POOL_LIBRARIES.find(name => name === pool) ?? d.poolLibrary,
    hiddenRules: Array.isArray(hidden)
      ? hidden.filter(
          (rule): rule is RuleId => typeof rule === 'string' && isRuleId(rule)
        )
      : d.hiddenRules
  };
}

function flag(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}
