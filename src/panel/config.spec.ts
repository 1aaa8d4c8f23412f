import { DEFAULT_PANEL_CONFIG, readConfig } from './config';

describe('readConfig', () => {
  it('gives the schema defaults for an empty composite', () => {
    expect(readConfig({})).toEqual(DEFAULT_PANEL_CONFIG);
  });

  it('reads every setting', () => {
    expect(
      readConfig({
        thresholdSeconds: 5,
        historyLength: 50,
        probeEnabled: false,
        poolLibrary: 'joblib',
        hiddenRules: ['numba-cuda', 'multi-node']
      })
    ).toEqual({
      thresholdSeconds: 5,
      historyLength: 50,
      probeEnabled: false,
      poolLibrary: 'joblib',
      hiddenRules: ['numba-cuda', 'multi-node']
    });
  });

  it.each([
    [{ thresholdSeconds: -1 }, 'thresholdSeconds', 1],
    [{ historyLength: 2.5 }, 'historyLength', 20],
    [{ historyLength: 0 }, 'historyLength', 20],
    [{ poolLibrary: 'ray' }, 'poolLibrary', 'pathos'],
    [{ probeEnabled: 'yes' }, 'probeEnabled', true],
    [{ hiddenRules: ['numba-jit', 'nope', 3] }, 'hiddenRules', ['numba-jit']]
  ])('%#: falls back for %j', (composite, key, expected) => {
    expect(
      readConfig(composite)[key as keyof typeof DEFAULT_PANEL_CONFIG]
    ).toEqual(expected);
  });
});
