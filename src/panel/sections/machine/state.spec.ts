import { FACTS } from '../../__tests__/fixtures';
import {
  installCommand,
  librariesFor,
  machineView,
  missingLibraries
} from './state';

describe('librariesFor', () => {
  it.each([
    ['numpy-vectorise', 'pathos', ['numpy']],
    ['numba-jit', 'pathos', ['numba']],
    ['pathos-pool', 'pathos', ['pathos']],
    ['pathos-pool', 'joblib', ['joblib']],
    ['pathos-pool', 'concurrent.futures', []],
    ['multi-node', 'pathos', ['dask', 'distributed', 'dask_jobqueue']],
    ['gnu-parallel', 'pathos', []]
  ] as const)('%s with %s needs %j', (rule, pool, expected) => {
    expect(librariesFor(rule, pool)).toEqual(expected);
  });
});

describe('missingLibraries', () => {
  it('names what the advice needs and the kernel lacks, with the install command', () => {
    const missing = missingLibraries(
      ['numba-jit', 'numba-cuda', 'numpy-vectorise'],
      FACTS.libraries,
      'pathos'
    );
    expect(missing).toEqual([
      {
        library: 'numba',
        install: '%pip install numba',
        rules: ['numba-jit', 'numba-cuda']
      }
    ]);
  });

  it('uses the pip name where it differs from the import name', () => {
    const missing = missingLibraries(
      ['multi-node', 'compiled-extension'],
      FACTS.libraries,
      'pathos'
    );
    expect(missing.map(entry => entry.install)).toEqual([
      '%pip install dask-jobqueue',
      '%pip install Cython'
    ]);
  });

  it('does not call a library missing when the probe did not report on it', () => {
    expect(missingLibraries(['numba-jit'], {}, 'pathos')).toEqual([]);
  });

  it('follows the preferred pool library', () => {
    expect(
      missingLibraries(['pathos-pool'], FACTS.libraries, 'joblib')[0].library
    ).toBe('joblib');
    expect(
      missingLibraries(['pathos-pool'], FACTS.libraries, 'pathos')
    ).toEqual([]);
  });
});

describe('machineView', () => {
  it('is null before the probe reports', () => {
    expect(machineView(null, [], 'pathos')).toBeNull();
  });

  it('lists installed optimisation libraries in a fixed order', () => {
    const view = machineView(FACTS, ['numba-jit'], 'pathos')!;
    expect(view.installed.map(entry => entry.name)).toEqual([
      'numpy',
      'scipy',
      'pathos',
      'multiprocess',
      'dask',
      'distributed'
    ]);
    expect(view.missing.map(entry => entry.library)).toEqual(['numba']);
    expect(view.machine.cores).toBe(16);
  });

  it('installs several at once', () => {
    expect(installCommand(['numba', 'cupy'])).toBe(
      '%pip install numba cupy-cuda12x'
    );
  });
});
