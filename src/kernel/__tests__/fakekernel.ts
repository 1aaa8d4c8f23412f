/**
 * A kernel and a session that speak the parts of the Jupyter protocol the probe client uses, so its
 * logic is tested without a server. The real kernel side is tested by pytest (tests/test_probe.py).
 */
import type { ISessionContext } from '@jupyterlab/apputils';
import { Signal } from '@lumino/signaling';

import { installCode } from '../install';
import type { ProbeFacts } from '../messages';
import probeSource from '../probe.py';
import verifySource from '../verify.py';

type Data = { [key: string]: unknown };

/** The line profile's settings in a new probe's hello (src/kernel/probe.py). */
/** The install code the front end sends: the real probe's texts, as the static files serve them. */
export const INSTALL_CODE = installCode(probeSource, verifySource);
export const loadInstallCode = (): Promise<string> =>
  Promise.resolve(INSTALL_CODE);

export const PROFILING = {
  enabled: true,
  start_delay_s: 0.1,
  interval_s: 0.01
};
type CommMsg = { content: { comm_id: string; data: unknown } };

/** The front-end side of a comm the probe opened. */
export class FakeComm {
  constructor(readonly commId: string) {}
  isDisposed = false;
  closed = false;
  sent: Data[] = [];
  onMsg: (msg: CommMsg) => void | PromiseLike<void> = () => undefined;
  onClose: (msg: CommMsg) => void | PromiseLike<void> = () => undefined;
  send(data: Data): void {
    this.sent.push(data);
  }
  close(): void {
    this.closed = true;
    this.dispose();
  }
  dispose(): void {
    this.isDisposed = true;
  }
  /** The probe sends a message. Delivered even after disposal: messages already in flight do. */
  receive(data: unknown): void {
    void this.onMsg({ content: { comm_id: this.commId, data } });
  }
  /** The kernel closes the comm (the probe was reinstalled or removed). */
  closeFromKernel(): void {
    void this.onClose({ content: { comm_id: this.commId, data: {} } });
    this.dispose();
  }
}

type CommHandler = (
  comm: FakeComm,
  msg: CommMsg & { parent_header: Data }
) => void;

type Reply = { content: { status: string; ename?: string; evalue?: string } };

/** An execute request the client sent, with a way to answer it. */
export interface ISentExecute {
  readonly content: {
    code: string;
    silent: boolean;
    store_history: boolean;
    allow_stdin: boolean;
    stop_on_error: boolean;
  };
  reply(status: 'ok' | 'error', evalue?: string): void;
}

export class FakeKernel {
  constructor(readonly language = 'python') {}
  isDisposed = false;
  /** The kernel session in every message's header: a restarted kernel has a new one. */
  kernelSession = 'kernel-session-1';
  private _restarts = 1;
  anyMessage = new Signal<this, { msg: unknown; direction: 'send' | 'recv' }>(
    this
  );
  targets = new Map<string, CommHandler>();
  executes: ISentExecute[] = [];
  comms: FakeComm[] = [];

  get info(): Promise<{ language_info: { name: string } }> {
    return Promise.resolve({ language_info: { name: this.language } });
  }
  registerCommTarget(name: string, handler: CommHandler): void {
    this.targets.set(name, handler);
  }
  removeCommTarget(name: string, handler: CommHandler): void {
    if (this.targets.get(name) === handler) {
      this.targets.delete(name);
    }
  }
  requestExecute(content: ISentExecute['content']): { done: Promise<Reply> } {
    let resolve: (reply: Reply) => void = () => undefined;
    const done = new Promise<Reply>(r => (resolve = r));
    this.executes.push({
      content,
      reply: (status, evalue) =>
        resolve({ content: { status, ename: 'NameError', evalue } })
    });
    return { done };
  }

  /** The probe opens its comm; JupyterLab closes comms whose target nobody registered. */
  openComm(target: string, data: unknown): FakeComm {
    const comm = new FakeComm(`comm-${this.comms.length + 1}`);
    this.comms.push(comm);
    const handler = this.targets.get(target);
    if (!handler) {
      comm.close();
      return comm;
    }
    handler(comm, {
      content: { comm_id: comm.commId, data },
      parent_header: {}
    });
    return comm;
  }

  /** The probe's hello: what a successful install sends first (a new probe profiles). */
  hello(
    facts: ProbeFacts = HELLO_FACTS,
    profiling: unknown = PROFILING
  ): FakeComm {
    return this.openComm('jupyterlab-optimiser', {
      type: 'hello',
      facts,
      profiling
    });
  }

  /** JupyterLab sends a cell's execute request (its id in the metadata). */
  sendCell(cellId: string, msgId = `msg-${cellId}`): string {
    this.anyMessage.emit({
      direction: 'send',
      msg: {
        header: { msg_id: msgId, msg_type: 'execute_request' },
        metadata: { cellId },
        content: { code: '', silent: false }
      }
    });
    return msgId;
  }

  /** A message from the kernel in answer to request `parentId`, stamped `ms` on its clock. */
  emit(parentId: string, type: string, ms: number, content: Data): void {
    this.anyMessage.emit({
      direction: 'recv',
      msg: {
        header: {
          msg_id: `${type}-${ms}`,
          msg_type: type,
          session: this.kernelSession,
          date: new Date(ms).toISOString()
        },
        parent_header: { msg_id: parentId },
        content
      }
    });
  }

  /** The server restarts the kernel process: its messages come in a new kernel session. */
  restartProcess(): void {
    this.kernelSession = `kernel-session-${++this._restarts}`;
  }

  /** A status message from the kernel, then the status change the connection makes of it. */
  status(session: FakeSession, state: string, parentId = 'msg-status'): void {
    this.emit(parentId, 'status', 0, { execution_state: state });
    session.statusChanged.emit(state);
  }

  /** A whole cell execution as the kernel reports it: busy, reply, idle. */
  executeCell(
    cellId: string,
    startMs: number,
    endMs: number,
    reply: Data = { status: 'ok' }
  ): void {
    const msgId = this.sendCell(cellId, `msg-${cellId}-${startMs}`);
    this.emit(msgId, 'status', startMs, { execution_state: 'busy' });
    this.emit(msgId, 'execute_reply', endMs, reply);
    this.emit(msgId, 'status', endMs, { execution_state: 'idle' });
  }
}

export class FakeSession {
  constructor(kernel: FakeKernel | null) {
    this.session = kernel ? { kernel } : null;
  }
  kernelChanged = new Signal<this, { newValue: FakeKernel | null }>(this);
  statusChanged = new Signal<this, string>(this);
  session: { kernel: FakeKernel | null } | null;

  changeKernel(kernel: FakeKernel | null): void {
    this.session = kernel ? { kernel } : null;
    this.kernelChanged.emit({ newValue: kernel });
  }

  /** The fake as the session context the service expects. */
  get context(): ISessionContext {
    return this as unknown as ISessionContext;
  }
}

export const HELLO_FACTS: ProbeFacts = {
  version: 1,
  kernel: { language: 'python', version: '3.11.7' },
  machine: {
    cores: 2,
    memory_bytes: 8e9,
    memory_available_bytes: 6e9,
    gpus: [],
    scheduler: null
  },
  libraries: { numpy: '2.1.3', numba: null },
  variables: {}
};

export const RECORD = {
  wall_s: 1.5,
  cpu_s: 1.4,
  children_cpu_s: 0,
  peak_rss_delta_bytes: 1024,
  imported: ['numpy'],
  ok: true
};

/** A probe `runs` message for one cell. */
export function runs(cellId: string, record: Data = RECORD): Data {
  return {
    type: 'runs',
    runs: [{ cell_id: cellId, execution_count: 1, record }]
  };
}

/** Lets pending promise callbacks (kernel.info, install replies, the state database) run. */
export function flush(): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, 0));
}
