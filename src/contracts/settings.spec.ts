import schema from '../../schema/plugin.json';
import { RULE_IDS } from './advice';
import { DEFAULT_SETTINGS, POOL_LIBRARIES, readSettings } from './settings';

describe('readSettings', () => {
  it('gives the schema defaults for an empty composite', () => {
    expect(readSettings({})).toEqual(DEFAULT_SETTINGS);
  });

  it('reads every setting', () => {
    const all = {
      thresholdSeconds: 5,
      historyLength: 50,
      probeEnabled: false,
      profile: false,
      poolLibrary: 'joblib',
      hiddenRules: ['numba-cuda', 'multi-node']
    };
    expect(readSettings(all)).toEqual(all);
  });

  it.each([
    [{ thresholdSeconds: -1 }, 'thresholdSeconds', 1],
    [{ historyLength: 2.5 }, 'historyLength', 20],
    [{ historyLength: 0 }, 'historyLength', 20],
    [{ poolLibrary: 'ray' }, 'poolLibrary', 'pathos'],
    [{ probeEnabled: 'yes' }, 'probeEnabled', true],
    [{ profile: 1 }, 'profile', true],
    [{ hiddenRules: ['numba-jit', 'nope', 3] }, 'hiddenRules', ['numba-jit']]
  ])('%#: falls back for %j', (composite, key, expected) => {
    expect(
      readSettings(composite)[key as keyof typeof DEFAULT_SETTINGS]
    ).toEqual(expected);
  });
});

describe('schema/plugin.json and the code agree', () => {
  const properties = schema.properties as Record<
    string,
    { default: unknown; enum?: unknown[]; items?: { enum?: unknown[] } }
  >;

  it('has one property per setting, each with the code default', () => {
    expect(Object.keys(properties).sort()).toEqual(
      Object.keys(DEFAULT_SETTINGS).sort()
    );
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) {
      expect([key, properties[key].default]).toEqual([key, value]);
    }
  });

  it('lists the pool libraries and the rule ids of the code, in order', () => {
    expect(properties.poolLibrary.enum).toEqual([...POOL_LIBRARIES]);
    expect(properties.hiddenRules.items?.enum).toEqual([...RULE_IDS]);
  });
});
