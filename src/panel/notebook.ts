/**
 * Reads what the panel needs from a JupyterLab notebook into plain data (ICellInfo), and, when the
 * measurement plugin is absent, the timings JupyterLab itself records.
 */
import type { ICellModel, ICodeCellModel } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';

import type { IRunRecord } from '../contracts/facts';
import type {
  INotebookMeasurements,
  KernelStatus,
  IMeasurements
} from '../contracts/measurements';
import { streamText } from './cells';
import type { ICellInfo } from './types';
import { METADATA_KEY, readInsertedTag } from '../contracts/metadata';

/** The notebook's cells as plain data, in order. Outputs are read for verify cells only. */
export function readCells(notebook: NotebookPanel): ICellInfo[] {
  const cells = notebook.content.model?.cells;
  if (!cells) {
    return [];
  }
  const infos: ICellInfo[] = [];
  for (let i = 0; i < cells.length; i++) {
    infos.push(readCell(cells.get(i), i + 1));
  }
  return infos;
}

function readCell(model: ICellModel, index: number): ICellInfo {
  const inserted = readInsertedTag(model.getMetadata(METADATA_KEY));
  const code = model.type === 'code' ? (model as ICodeCellModel) : null;
  const outputs =
    code && inserted?.role === 'verify' ? code.outputs.toJSON() : [];
  return {
    id: model.id,
    index,
    type:
      model.type === 'markdown' || model.type === 'raw' ? model.type : 'code',
    source: model.sharedModel.getSource(),
    inserted,
    streamText: streamText(outputs),
    executionCount: code?.executionCount ?? null
  };
}

/**
 * A cell's wall time from the timestamps JupyterLab writes into `metadata.execution` when the
 * notebook's `recordTiming` setting is on; null without them.
 */
export function wallFromTiming(execution: unknown): number | null {
  if (!execution || typeof execution !== 'object') {
    return null;
  }
  const stamps = execution as Record<string, unknown>;
  const start = Date.parse(
    String(
      stamps['shell.execute_reply.started'] ??
        stamps['iopub.execute_input'] ??
        ''
    )
  );
  const end = Date.parse(String(stamps['shell.execute_reply'] ?? ''));
  return Number.isFinite(start) && Number.isFinite(end) && end >= start
    ? (end - start) / 1000
    : null;
}

/** The panel's kernel state from the session's display status. */
export function statusFromSession(
  displayStatus: string,
  hasKernel: boolean
): KernelStatus {
  if (!hasKernel) {
    return 'no-kernel';
  }
  switch (displayStatus) {
    case 'restarting':
    case 'autorestarting':
    case 'starting':
    case 'initializing':
    case 'connecting':
      return 'restarting';
    case 'dead':
    case 'terminating':
    case 'disconnected':
      return 'dead';
    case '':
    case 'unknown':
      return 'no-kernel';
    default:
      return 'timings-only';
  }
}

/**
 * Measurements from JupyterLab alone, for when the measurement plugin is not loaded: the kernel's
 * status and one wall time per cell from its recorded timing. CPU and memory stay unknown.
 */
export function sessionMeasurements(
  notebook: NotebookPanel
): INotebookMeasurements {
  const session = notebook.sessionContext;
  const runs: Record<string, readonly IRunRecord[]> = {};
  const cells = notebook.content.model?.cells;
  for (let i = 0; cells && i < cells.length; i++) {
    const model = cells.get(i);
    const wall =
      model.type === 'code'
        ? wallFromTiming(model.getMetadata('execution'))
        : null;
    if (wall !== null) {
      runs[model.id] = [
        {
          wall_s: wall,
          cpu_s: 0,
          children_cpu_s: 0,
          peak_rss_delta_bytes: 0,
          imported: [],
          ok: true
        }
      ];
    }
  }
  return {
    status: statusFromSession(
      session.kernelDisplayStatus,
      !!session.session?.kernel
    ),
    message: null,
    runs,
    facts: null,
    running: null
  };
}

/**
 * The followed notebook's measurements: the service's when it has some; JupyterLab's own when the
 * service is absent; and, while the service has not reported yet, "connecting" rather than a
 * misleading "timings only".
 */
export function measurementsFor(
  notebook: NotebookPanel,
  service: IMeasurements | null
): INotebookMeasurements {
  const measured = service?.get(notebook.id) ?? null;
  if (measured) {
    return measured;
  }
  const session = sessionMeasurements(notebook);
  return service && session.status === 'timings-only'
    ? { ...session, status: 'installing' }
    : session;
}

/** The kernel's language from the notebook's metadata (language_info, else the kernelspec). */
export function kernelLanguage(notebook: NotebookPanel): string | null {
  const model = notebook.content.model;
  const info = model?.getMetadata('language_info') as
    { name?: unknown } | undefined;
  const spec = model?.getMetadata('kernelspec') as
    { language?: unknown } | undefined;
  const name = info?.name ?? spec?.language;
  return typeof name === 'string' && name !== '' ? name : null;
}
