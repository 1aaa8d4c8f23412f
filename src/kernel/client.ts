import type { ISessionContext } from '@jupyterlab/apputils';
import type { Kernel, KernelMessage } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { IDisposable } from '@lumino/disposable';

import type { IFacts, IRunRecord } from '../facts';
import type { KernelStatus } from '../tokens';
import { installCode, PROBE_MODULE, PROBE_TARGET, SILENT } from './install';
import type { ProbeMessage } from './messages';
import { parseProbeMessage } from './messages';
import type { ITimedMessage } from './timings';
import { ExecutionTimer } from './timings';

/** Where a client reports what it learns; the measurements service implements it. */
export interface IProbeSink {
  status(status: KernelStatus, message: string | null): void;
  facts(facts: Omit<IFacts, 'runs'>): void;
  run(cellId: string, record: IRunRecord): void;
  running(running: { cellId: string; since: number } | null): void;
}

/** The session a client follows: a notebook's session context, or a fake in tests. */
export type ProbeSession = Pick<ISessionContext, 'kernelChanged' | 'statusChanged' | 'session'>;

export interface IProbeClientOptions {
  session: ProbeSession;
  sink: IProbeSink;
  trans: TranslationBundle;
  enabled: boolean;
}

/**
 * Keeps the probe installed in one notebook's kernel: on start, restart, kernel change and page
 * reload. Non-Python kernels, and all kernels when the probe is switched off, get wall times from
 * the kernel's own messages. Messages from an earlier kernel or installation are dropped.
 */
export class ProbeClient implements IDisposable {
  constructor(options: IProbeClientOptions) {
    this._session = options.session;
    this._sink = options.sink;
    this._trans = options.trans;
    this._enabled = options.enabled;
    this._session.kernelChanged.connect(this._onKernelChanged, this);
    this._session.statusChanged.connect(this._onStatusChanged, this);
    this._follow(this._session.session?.kernel ?? null);
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Turns the probe on or off in the running kernel (the `probeEnabled` setting). */
  setEnabled(enabled: boolean): void {
    if (enabled === this._enabled) {
      return;
    }
    this._enabled = enabled;
    const kernel = this._kernel;
    if (!enabled && kernel && this._mode === 'probed') {
      const code = `__import__("sys").modules["${PROBE_MODULE}"].probe.uninstall()`;
      kernel.requestExecute({ code, ...SILENT });
    }
    this._follow(kernel);
  }

  /** Asks the probe for fresh facts (variable sizes); resolves when they arrive or cannot. */
  requestFacts(): Promise<void> {
    const comm = this._comm;
    if (!comm || comm.isDisposed || this._mode !== 'probed') {
      return Promise.resolve();
    }
    const requestId = ++this._requestId;
    return new Promise(resolve => {
      this._factsWaiters.set(requestId, resolve);
      comm.send({ type: 'facts-request', request_id: requestId });
    });
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._follow(null);
    this._session.kernelChanged.disconnect(this._onKernelChanged, this);
    this._session.statusChanged.disconnect(this._onStatusChanged, this);
  }

  private _onKernelChanged(_: unknown, change: { newValue: Kernel.IKernelConnection | null }): void {
    this._follow(change.newValue);
  }

  private _onStatusChanged(_: unknown, status: Kernel.Status): void {
    if (status === 'restarting' || status === 'autorestarting') {
      this._reinstall = true;
      this._timer.reset();
      this._sink.running(null);
      this._sink.status('restarting', null);
    } else if (status === 'dead') {
      this._timer.reset();
      this._sink.running(null);
      this._sink.status('dead', this._trans.__('The kernel has died. Restart it to measure again.'));
    } else if (status === 'idle' && this._reinstall) {
      this._reinstall = false;
      this._follow(this._kernel);
    }
  }

  /** Starts following a kernel (or none): a new generation, so late messages of the old are dropped. */
  private _follow(kernel: Kernel.IKernelConnection | null): void {
    const generation = ++this._generation;
    this._kernel?.anyMessage.disconnect(this._onAnyMessage, this);
    this._closeComm();
    this._timer.reset();
    this._kernel = kernel;
    this._mode = null;
    if (!kernel || this._isDisposed) {
      this._sink.running(null);
      this._sink.status('no-kernel', null);
      return;
    }
    kernel.anyMessage.connect(this._onAnyMessage, this);
    void this._setUp(kernel, generation);
  }

  private async _setUp(kernel: Kernel.IKernelConnection, generation: number): Promise<void> {
    let language: string;
    try {
      language = (await kernel.info).language_info.name;
    } catch {
      return; // the kernel went away; its status change says so
    }
    if (generation !== this._generation) {
      return;
    }
    if (language.toLowerCase() !== 'python') {
      return this._timingsOnly(
        this._trans.__('Advice needs a Python kernel; this %1 kernel gets wall times only.', language)
      );
    }
    if (!this._enabled) {
      return this._timingsOnly(
        this._trans.__('The kernel probe is switched off in the settings: wall times only.')
      );
    }
    await this._install(kernel, generation);
  }

  private async _install(kernel: Kernel.IKernelConnection, generation: number): Promise<void> {
    this._sink.status('installing', null);
    kernel.registerCommTarget(PROBE_TARGET, (comm, msg) => this._onCommOpen(comm, msg, generation));
    try {
      const reply = await kernel.requestExecute({ code: installCode(), ...SILENT }).done;
      if (generation === this._generation && reply.content.status === 'error') {
        const { ename, evalue } = reply.content as KernelMessage.IReplyErrorContent;
        this._mode = null;
        this._sink.status('error', this._trans.__('The probe could not be installed: %1: %2', ename, evalue));
      }
    } catch (error) {
      if (generation === this._generation) {
        this._sink.status('error', this._trans.__('The probe could not be installed: %1', String(error)));
      }
    }
  }

  private _timingsOnly(message: string): void {
    this._mode = 'timings-only';
    this._sink.status('timings-only', message);
  }

  private _onCommOpen(comm: Kernel.IComm, msg: KernelMessage.ICommOpenMsg, generation: number): void {
    if (generation !== this._generation) {
      comm.close();
      return;
    }
    this._closeComm();
    this._comm = comm;
    comm.onMsg = message => this._onProbe(parseProbeMessage(message.content.data), generation);
    this._onProbe(parseProbeMessage(msg.content.data), generation);
  }

  private _onProbe(message: ProbeMessage, generation: number): void {
    if (generation !== this._generation) {
      return;
    }
    switch (message.type) {
      case 'hello':
        this._mode = 'probed';
        this._sink.facts(message.facts);
        this._sink.status('probed', null);
        break;
      case 'facts':
        this._sink.facts(message.facts);
        this._resolveFacts(message.requestId);
        break;
      case 'runs':
        for (const run of message.runs) {
          this._sink.run(run.cellId, run.record);
        }
        break;
      case 'fault':
        this._sink.status('probed', this._trans.__('The probe hit a fault (your code was not affected): %1', message.error));
        break;
      case 'ignored':
        break;
    }
  }

  private _onAnyMessage(_: unknown, args: Kernel.IAnyMessageArgs): void {
    const message = args.msg as unknown as ITimedMessage;
    if (args.direction === 'send') {
      this._timer.sent(message);
      return;
    }
    const event = this._timer.received(message);
    if (event?.kind === 'started') {
      this._sink.running({ cellId: event.cellId, since: event.since });
    } else if (event?.kind === 'finished') {
      this._sink.running(null);
      if (this._mode === 'timings-only') {
        this._sink.run(event.cellId, event.record);
      }
    }
  }

  private _resolveFacts(requestId: number | null): void {
    const waiters = requestId === null ? [...this._factsWaiters.keys()] : [requestId];
    for (const id of waiters) {
      this._factsWaiters.get(id)?.();
      this._factsWaiters.delete(id);
    }
  }

  private _closeComm(): void {
    this._resolveFacts(null);
    if (this._comm && !this._comm.isDisposed) {
      this._comm.dispose();
    }
    this._comm = null;
  }

  private _session: ProbeSession;
  private _sink: IProbeSink;
  private _trans: TranslationBundle;
  private _enabled: boolean;
  private _kernel: Kernel.IKernelConnection | null = null;
  private _comm: Kernel.IComm | null = null;
  private _mode: 'probed' | 'timings-only' | null = null;
  private _generation = 0;
  private _reinstall = false;
  private _requestId = 0;
  private _factsWaiters = new Map<number, () => void>();
  private _timer = new ExecutionTimer();
  private _isDisposed = false;
}
