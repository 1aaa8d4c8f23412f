// A kernel and session that speak the parts of the Jupyter protocol the probe client uses, so the
// client's logic is tested without a server. Real-kernel behaviour is tested by pytest and Galata.
import { Signal } from '@lumino/signaling';

export interface ISentExecute {
  code: string;
  silent: boolean;
  storeHistory: boolean;
  allowStdin: boolean;
  reply: (status: 'ok' | 'error', evalue?: string) => void;
}

export class FakeComm {
  constructor(readonly kernel: FakeKernel) {}
  isDisposed = false;
  sent: unknown[] = [];
  onMsg: (msg: { content: { data: unknown } }) => void = () => undefined;
  send(data: unknown): void {
    this.sent.push(data);
  }
  close(): void {
    this.isDisposed = true;
  }
  dispose(): void {
    this.isDisposed = true;
  }
  /** The probe sends a comm message. */
  receive(data: unknown): void {
    this.onMsg({ content: { data } });
  }
}

type CommHandler = (comm: FakeComm, msg: { content: { data: unknown } }) => void;

export class FakeKernel {
  constructor(readonly language = 'python') {}
  anyMessage = new Signal<this, { msg: unknown; direction: 'send' | 'recv' }>(this);
  targets = new Map<string, CommHandler>();
  executes: ISentExecute[] = [];
  get info(): Promise<{ language_info: { name: string } }> {
    return Promise.resolve({ language_info: { name: this.language } });
  }
  registerCommTarget(name: string, handler: CommHandler): void {
    this.targets.set(name, handler);
  }
  requestExecute(content: { code: string; silent: boolean; store_history: boolean; allow_stdin: boolean }) {
    let resolve: (reply: { content: { status: string; ename?: string; evalue?: string } }) => void = () => undefined;
    const done = new Promise<{ content: { status: string; ename?: string; evalue?: string } }>(r => (resolve = r));
    this.executes.push({
      code: content.code,
      silent: content.silent,
      storeHistory: content.store_history,
      allowStdin: content.allow_stdin,
      reply: (status, evalue) => resolve({ content: { status, ename: 'NameError', evalue } })
    });
    return { done };
  }
  /** The probe opens its comm with a hello. */
  openComm(target: string, data: unknown): FakeComm {
    const comm = new FakeComm(this);
    const handler = this.targets.get(target);
    if (!handler) {
      throw new Error(`no comm target ${target}`);
    }
    handler(comm, { content: { data } });
    return comm;
  }
  /** Simulates JupyterLab executing a cell: request out, busy, reply, idle back. */
  executeCell(cellId: string, startMs: number, endMs: number, status: 'ok' | 'error' = 'ok'): void {
    const msgId = `msg-${cellId}-${startMs}`;
    const header = (type: string, ms: number) => ({
      msg_id: `${type}-${ms}`,
      msg_type: type,
      date: new Date(ms).toISOString()
    });
    const parent = { msg_id: msgId };
    this.anyMessage.emit({
      direction: 'send',
      msg: { header: { msg_id: msgId, msg_type: 'execute_request' }, metadata: { cellId }, content: { silent: false } }
    });
    this.anyMessage.emit({
      direction: 'recv',
      msg: { header: header('status', startMs), parent_header: parent, content: { execution_state: 'busy' } }
    });
    this.anyMessage.emit({
      direction: 'recv',
      msg: { header: header('execute_reply', endMs), parent_header: parent, content: { status } }
    });
    this.anyMessage.emit({
      direction: 'recv',
      msg: { header: header('status', endMs), parent_header: parent, content: { execution_state: 'idle' } }
    });
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
}

export const HELLO_FACTS = {
  version: 1,
  kernel: { language: 'python', version: '3.11.7' },
  machine: { cores: 2, memory_bytes: 8e9, memory_available_bytes: 6e9, gpus: [], scheduler: null },
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

/** Lets pending promise callbacks (kernel.info, install replies) run. */
export function flush(): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, 0));
}
