/**
 * Cell timings from the kernel's own messages, for every kernel language: what the panel shows for
 * kernels without the probe, and which cell is running now for all of them.
 */
import type { IRunRecord } from '../contracts/facts';

/** The parts of a Jupyter message the timer reads. */
export interface ITimedMessage {
  header: { msg_id: string; msg_type: string; date?: string };
  parent_header?: { msg_id?: string } | Record<string, never>;
  metadata?: Record<string, unknown>;
  content: Record<string, unknown>;
}

/** What a message changed: a cell started, finished, or was skipped after an earlier error. */
export type TimerEvent =
  | { kind: 'started'; cellId: string; since: number }
  | { kind: 'finished'; cellId: string; record: IRunRecord }
  | { kind: 'aborted'; cellId: string }
  | null;

interface IPending {
  cellId: string;
  busyAt: number | null;
  error: string | null;
  aborted: boolean;
}

function stamp(message: ITimedMessage): number | null {
  const parsed = message.header.date ? Date.parse(message.header.date) : NaN;
  return Number.isNaN(parsed) ? null : parsed;
}

/**
 * Times cell executions: the execute request names the cell (JupyterLab puts its id in the
 * request metadata), the kernel's busy and idle status stamps bound its work. Both stamps come
 * from the kernel's clock, so their difference holds even when the browser's clock differs; the
 * running cell's start is taken from the browser's clock, against which the panel's timer runs.
 */
export class ExecutionTimer {
  /** Notes an outgoing execute request; silent requests (the probe's, the debugger's) are not cells. */
  sent(message: ITimedMessage): void {
    if (
      message.header.msg_type !== 'execute_request' ||
      message.content.silent
    ) {
      return;
    }
    const cellId = message.metadata?.cellId;
    if (typeof cellId === 'string') {
      this._pending.set(message.header.msg_id, {
        cellId,
        busyAt: null,
        error: null,
        aborted: false
      });
    }
  }

  /** Reads an incoming message; returns what it started or finished, if anything. */
  received(message: ITimedMessage, now: number = Date.now()): TimerEvent {
    const parent = message.parent_header as { msg_id?: string } | undefined;
    const pending = parent?.msg_id
      ? this._pending.get(parent.msg_id)
      : undefined;
    if (!pending || !parent?.msg_id) {
      return null;
    }
    const { msg_type: type } = message.header;
    const content = message.content;
    if (type === 'execute_reply') {
      pending.aborted = content.status === 'aborted';
      pending.error =
        content.status === 'error'
          ? `${String(content.ename)}: ${String(content.evalue)}`
          : null;
    } else if (type === 'status' && content.execution_state === 'busy') {
      pending.busyAt = stamp(message);
      return { kind: 'started', cellId: pending.cellId, since: now };
    } else if (type === 'status' && content.execution_state === 'idle') {
      this._pending.delete(parent.msg_id);
      return this._finished(pending, stamp(message));
    }
    return null;
  }

  /** Forgets every pending request (kernel restarted, changed or died). */
  reset(): void {
    this._pending.clear();
  }

  private _finished(pending: IPending, idleAt: number | null): TimerEvent {
    if (pending.aborted) {
      return { kind: 'aborted', cellId: pending.cellId };
    }
    const wall =
      pending.busyAt === null || idleAt === null
        ? 0
        : Math.max(0, idleAt - pending.busyAt) / 1000;
    return {
      kind: 'finished',
      cellId: pending.cellId,
      record: timingRecord(wall, pending.error)
    };
  }

  private _pending = new Map<string, IPending>();
}

/** A record holding only the wall time: CPU and memory are unknown without the probe (0). */
export function timingRecord(wallS: number, error: string | null): IRunRecord {
  const record: IRunRecord = {
    wall_s: wallS,
    cpu_s: 0,
    children_cpu_s: 0,
    peak_rss_delta_bytes: 0,
    imported: [],
    ok: error === null,
    timing_only: true
  };
  if (error !== null) {
    record.error = error;
  }
  return record;
}
