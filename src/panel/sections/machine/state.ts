import type { RuleId } from '../../../contracts/advice';
import type { IFacts } from '../../../contracts/facts';
import type { IMachineView, IMissingLibrary } from '../../types';
import type { PoolLibrary } from '../../../contracts/settings';

/** The optimisation libraries the machine section lists, in the order people meet them. */
export const OPTIMISATION_LIBRARIES = [
  'numpy',
  'scipy',
  'pandas',
  'numba',
  'pathos',
  'multiprocess',
  'joblib',
  'dask',
  'distributed',
  'dask_jobqueue',
  'cupy',
  'cudf',
  'torch',
  'jax',
  'cython'
] as const;

/** The pip distribution of each library whose import name differs from it. */
const PIP_NAMES: Readonly<Record<string, string>> = {
  dask_jobqueue: 'dask-jobqueue',
  cupy: 'cupy-cuda12x',
  cython: 'Cython'
};

/**
 * The Python libraries each rule's template imports. GNU Parallel is a program, not a Python
 * library: the template itself says how to install it.
 */
export function librariesFor(
  rule: RuleId,
  pool: PoolLibrary
): readonly string[] {
  switch (rule) {
    case 'numpy-vectorise':
      return ['numpy'];
    case 'numba-jit':
    case 'numba-cuda':
      return ['numba'];
    case 'pathos-pool':
      return pool === 'concurrent.futures' ? [] : [pool];
    case 'dask-partition':
      return ['dask', 'distributed'];
    case 'gpu-library':
      return ['cupy'];
    case 'multi-node':
      return ['dask', 'distributed', 'dask_jobqueue'];
    case 'compiled-extension':
      return ['cython'];
    case 'profile-first':
    case 'consistent-timing':
    case 'gnu-parallel':
      return [];
  }
}

/** What to type in a notebook cell to install a library into the kernel's own environment. */
export function installCommand(libraries: readonly string[]): string {
  return `%pip install ${libraries.map(name => PIP_NAMES[name] ?? name).join(' ')}`;
}

/**
 * The libraries the given advice needs that the kernel reports as not installed (`null`).
 * A library the probe did not report on is not called missing.
 */
export function missingLibraries(
  rules: readonly RuleId[],
  libraries: Readonly<Record<string, string | null>>,
  pool: PoolLibrary
): IMissingLibrary[] {
  const byLibrary = new Map<string, RuleId[]>();
  for (const rule of rules) {
    for (const library of librariesFor(rule, pool)) {
      if (library in libraries && libraries[library] === null) {
        byLibrary.set(library, [...(byLibrary.get(library) ?? []), rule]);
      }
    }
  }
  return [...byLibrary.entries()].map(([library, needers]) => ({
    library,
    install: installCommand([library]),
    rules: needers
  }));
}

/** The machine section from the probe's facts and the rules the shown advice uses. */
export function machineView(
  facts: Omit<IFacts, 'runs'> | null,
  rules: readonly RuleId[],
  pool: PoolLibrary
): IMachineView | null {
  if (!facts) {
    return null;
  }
  const installed = OPTIMISATION_LIBRARIES.filter(
    name => typeof facts.libraries[name] === 'string'
  ).map(name => ({ name, version: facts.libraries[name] as string }));
  return {
    machine: facts.machine,
    installed,
    missing: missingLibraries(rules, facts.libraries, pool)
  };
}
