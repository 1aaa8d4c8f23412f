/**
 * The cell analysis: Python source -> what the code does, for the advice engine and the templates.
 * Pure: nothing here touches the DOM, JupyterLab or the kernel.
 */
export { analyseCell, cellParse } from './cell';
export { analyseNotebook, definitionsOf, NotebookAnalyser } from './notebook';
export type { ICellSource } from './notebook';
export type * from './types';
