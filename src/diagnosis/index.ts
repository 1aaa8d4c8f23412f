/** The diagnosis stage: what limits a cell, from its measurements first. Pure: no DOM, no JupyterLab. */
export * from './types';
export { diagnose, isMemoryError } from './diagnose';
export { diagnosisMessage, diagnosisSentence } from './sentence';
export type { CellPosition } from './sentence';
