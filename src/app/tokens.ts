/**
 * The services the plugins provide one another. Tokens only: the interfaces they carry live
 * with their owners (contracts/measurements.ts, panel/model.ts), so nothing below app/ imports
 * this file.
 */
import { Token } from '@lumino/coreutils';

import type { IMeasurements as IMeasurementsService } from '../contracts/measurements';
import type { IOptimiserModel as IOptimiserModelService } from '../panel/model';

/** The panel's model, provided by the panel plugin to the commands and line-marker plugins. */
export type IOptimiserModel = IOptimiserModelService;

export const IOptimiserModel = new Token<IOptimiserModel>(
  'jupyterlab-optimiser:IOptimiserModel',
  'The Optimiser panel state: the notebook it follows and the cell it shows.'
);

/** Measurements of every open notebook, kept by the kernel-probe plugin. */
export type IMeasurements = IMeasurementsService;

export const IMeasurements = new Token<IMeasurements>(
  'jupyterlab-optimiser:IMeasurements',
  'Per-cell execution measurements and machine facts from the kernel probe.'
);
