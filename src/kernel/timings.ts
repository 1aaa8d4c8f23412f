import type { IRunRecord } from '../facts';

/** The parts of a Jupyter message the timer reads (any kernel language). */
export interface ITimedMessage {
  header: { msg_id: string; msg_type: string; date?: string };
  parent_header?: { msg_id?: string } | Record<string, never>;
  metadata?: Record<string, unknown>;
  content: Record<string, unknown>;
}

/** What a message changed: a cell started or finished executing. */
export type TimerEvent =
  | { kind: 'started'; cellId: string; since: number }
  | { kind: 'finished'; cellId: string; record: IRunRecord }
  | null;

interface IPending {
  cellId: string;
  busyAt: number | null;
  ok: boolean;
}

function stamp(message: ITimedMessage): number {
  const parsed = message.header.date ? Date.parse(message.header.date) : NaN;
  return Number.isNaN(parsed) ? Date.now() : parsed;
}

/**
 * Times cell executions from the kernel's own messages: the execute request names the cell (JupyterLab
 * puts its id in the request metadata), the kernel's busy and idle status stamps bound the work.
 * This works for every kernel language; Python kernels get the probe's richer records as well.
 */
export class ExecutionTimer {
  /** Notes an outgoing execute request; silent requests (ours, the debugger's) are not cells. */
  sent(message: ITimedMessage): void {
    if (message.header.msg_type !== 'execute_request' || message.content.silent) {
      return;
    }
    const cellId = message.metadata?.cellId;
    if (typeof cellId === 'string') {
      this._pending.set(message.header.msg_id, { cellId, busyAt: null, ok: true });
    }
  }

  /** Reads an incoming message; returns what it started or finished, if anything. */
  received(message: ITimedMessage): TimerEvent {
    const parentId = (message.parent_header as { msg_id?: string } | undefined)?.msg_id;
    const pending = parentId ? this._pending.get(parentId) : undefined;
    if (!pending || !parentId) {
      return null;
    }
    const type = message.header.msg_type;
    if (type === 'execute_reply') {
      pending.ok = message.content.status === 'ok';
    } else if (type === 'error') {
      pending.ok = false;
    } else if (type === 'status' && message.content.execution_state === 'busy') {
      pending.busyAt = stamp(message);
      return { kind: 'started', cellId: pending.cellId, since: pending.busyAt };
    } else if (type === 'status' && message.content.execution_state === 'idle') {
      this._pending.delete(parentId);
      const wall = pending.busyAt === null ? 0 : Math.max(0, stamp(message) - pending.busyAt) / 1000;
      return { kind: 'finished', cellId: pending.cellId, record: timingRecord(wall, pending.ok) };
    }
    return null;
  }

  /** Forgets every pending request (kernel restarted, changed or died). */
  reset(): void {
    this._pending.clear();
  }

  private _pending = new Map<string, IPending>();
}

/** A record holding only the wall time: CPU and memory are unknown without the probe. */
export function timingRecord(wallS: number, ok: boolean): IRunRecord {
  return {
    wall_s: wallS,
    cpu_s: 0,
    children_cpu_s: 0,
    peak_rss_delta_bytes: 0,
    imported: [],
    ok,
    timing_only: true
  };
}
