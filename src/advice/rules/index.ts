/**
 * Every rule, by id. The record type makes the compiler insist on one rule per id of the
 * vocabulary in ../types.ts.
 */
import type { Rule } from '../phrases';
import type { RuleId } from '../types';
import { compiledExtension } from './compiled-extension';
import { consistentTiming } from './consistent-timing';
import { daskPartition } from './dask-partition';
import { gnuParallel } from './gnu-parallel';
import { gpuLibrary } from './gpu-library';
import { multiNode } from './multi-node';
import { numbaCuda } from './numba-cuda';
import { numbaJit } from './numba-jit';
import { numpyVectorise } from './numpy-vectorise';
import { pathosPool } from './pathos-pool';
import { profileFirst } from './profile-first';

/** The rule for each id. */
export const RULES: Readonly<Record<RuleId, Rule>> = {
  'profile-first': profileFirst,
  'consistent-timing': consistentTiming,
  'numpy-vectorise': numpyVectorise,
  'numba-jit': numbaJit,
  'pathos-pool': pathosPool,
  'gnu-parallel': gnuParallel,
  'dask-partition': daskPartition,
  'gpu-library': gpuLibrary,
  'numba-cuda': numbaCuda,
  'multi-node': multiNode,
  'compiled-extension': compiledExtension
};

export {
  compiledExtension,
  consistentTiming,
  daskPartition,
  gnuParallel,
  gpuLibrary,
  multiNode,
  numbaCuda,
  numbaJit,
  numpyVectorise,
  pathosPool,
  profileFirst
};
