import type { INotebookMeasurements } from '../../../contracts/measurements';
import type { ICellInfo, IKernelView } from '../../types';

/** The kernel section's state: always a status, the running cell named by its position. */
export function kernelView(
  measurements: INotebookMeasurements,
  cells: readonly ICellInfo[],
  fallback: boolean
): IKernelView {
  const running = measurements.running;
  const kernel = measurements.facts?.kernel;
  return {
    status: measurements.status,
    message: measurements.message,
    running: running
      ? {
          ...running,
          index: cells.find(cell => cell.id === running.cellId)?.index ?? null
        }
      : null,
    language: kernel ? `${kernel.language} ${kernel.version}`.trim() : null,
    fallback
  };
}
