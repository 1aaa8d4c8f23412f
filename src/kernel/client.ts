import type { ISessionContext } from '@jupyterlab/apputils';
import type { Kernel, KernelMessage } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { IDisposable } from '@lumino/disposable';

import type { KernelStatus } from '../contracts/measurements';
import type { IProbeSink } from './channel';
import { ProbeChannel } from './channel';
import { PROBE_TARGET, SILENT, UNINSTALL_CODE } from './install';
import type { ITimedMessage } from './timings';
import { ExecutionTimer } from './timings';

export type { IProbeSink } from './channel';

/** The session a client follows: a notebook's session context, or a fake in tests. */
export type ProbeSession = Pick<
  ISessionContext,
  'kernelChanged' | 'statusChanged' | 'session'
>;

export interface IProbeClientOptions {
  session: ProbeSession;
  sink: IProbeSink;
  trans: TranslationBundle;
  enabled: boolean;
  /** The "profile" setting: whether the probe samples a line profile of long runs. */
  profile: boolean;
  /** The install request's code (`installCode` with the probe's texts, which are fetched). */
  installCode: () => Promise<string>;
}

/**
 * Keeps the probe installed in one notebook's kernel across start, restart, kernel change and
 * page reload. Non-Python kernels, kernels where the install failed, and all kernels while the
 * probe is switched off get wall times from the kernel's own messages instead.
 *
 * Each kernel followed (and each restart) starts a new generation: install replies and kernel
 * information of an earlier one are dropped, and its comm is forgotten, so nothing stale reaches
 * the panel.
 */
export class ProbeClient implements IDisposable {
  constructor(options: IProbeClientOptions) {
    this._session = options.session;
    this._sink = options.sink;
    this._trans = options.trans;
    this._enabled = options.enabled;
    this._installCode = options.installCode;
    this._channel = new ProbeChannel(
      options.sink,
      options.trans,
      options.profile
    );
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
    if (!enabled && kernel && this._language === 'python') {
      this._channel.close();
      // Sent even while the install is in flight: it runs after it and removes what it made.
      void kernel
        .requestExecute({ code: UNINSTALL_CODE, ...SILENT })
        .done.catch(() => undefined); // the kernel went away, and the probe with it
    }
    this._follow(kernel);
  }

  /** Switches the probe's line profile on or off (the `profile` setting); the timings stay. */
  setProfiling(enabled: boolean): void {
    this._channel.setProfiling(enabled);
  }

  /** Asks the probe for fresh facts (variable sizes); resolves when they arrive or cannot. */
  requestFacts(): Promise<void> {
    return this._channel.requestFacts();
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

  private _onKernelChanged(
    _: unknown,
    change: { newValue: Kernel.IKernelConnection | null }
  ): void {
    this._follow(change.newValue);
  }

  private _onStatusChanged(_: unknown, status: Kernel.Status): void {
    switch (status) {
      case 'restarting':
      case 'autorestarting':
        this._leaveForRestart();
        this._sink.status('restarting', null);
        break;
      case 'dead':
        this._leaveForRestart(); // a dead kernel can still be restarted by the user
        this._sink.status(
          'dead',
          this._trans.__('The kernel has died. Restart it to measure again.')
        );
        break;
      case 'idle':
        // The old kernel's last status messages (the reply to the shutdown, the end of the
        // interrupted cell) still arrive after "restarting": only the new kernel gets the probe.
        if (this._reinstall && !this._stale.has(this._statusSession ?? '')) {
          this._follow(this._kernel);
        }
        break;
      default:
        break;
    }
  }

  /**
   * The kernel restarts (or died): what this one sent is dropped, and the probe is installed again
   * once the new kernel, a new kernel session, says it is idle. Restart signals come in pairs
   * (restarting, then autorestarting; a death, then its restart): the kernel session left is the
   * one seen before the first.
   */
  private _leaveForRestart(): void {
    if (!this._reinstall && this._statusSession !== null) {
      this._stale.add(this._statusSession);
    }
    this._leave();
    this._reinstall = true;
  }

  /** Starts following a kernel (or none). */
  private _follow(kernel: Kernel.IKernelConnection | null): void {
    if (kernel !== this._kernel) {
      // Followed across restarts, while the rest of the client has left the kernel.
      this._kernel?.anyMessage.disconnect(this._noteSession, this);
      kernel?.anyMessage.connect(this._noteSession, this);
      this._statusSession = null;
      this._stale.clear();
    }
    this._leave();
    this._reinstall = false;
    this._kernel = this._isDisposed ? null : kernel;
    if (!this._kernel) {
      this._sink.status('no-kernel', null);
      return;
    }
    this._kernel.anyMessage.connect(this._onAnyMessage, this);
    void this._setUp(this._kernel, this._generation);
  }

  /** Drops everything tied to the current generation: comm, pending timings, the running cell. */
  private _leave(): void {
    this._generation++;
    const kernel = this._kernel;
    kernel?.anyMessage.disconnect(this._onAnyMessage, this);
    if (kernel && !kernel.isDisposed) {
      kernel.removeCommTarget(PROBE_TARGET, this._onCommOpen);
    }
    this._channel.reset();
    this._timer.reset();
    this._timingsOnly = false;
    this._language = null;
    this._sink.running(null);
  }

  private async _setUp(
    kernel: Kernel.IKernelConnection,
    generation: number
  ): Promise<void> {
    let language: string;
    try {
      language = (await kernel.info).language_info.name.toLowerCase();
    } catch {
      return; // the kernel went away; its status change says so
    }
    if (generation !== this._generation) {
      return;
    }
    this._language = language;
    if (language !== 'python') {
      this._timings(
        'timings-only',
        this._trans.__(
          'Advice needs a Python kernel: this %1 kernel gets wall times only.',
          language
        )
      );
    } else if (!this._enabled) {
      this._timings(
        'timings-only',
        this._trans.__(
          'The kernel probe is switched off in the settings: wall times only.'
        )
      );
    } else {
      await this._install(kernel, generation);
    }
  }

  private async _install(
    kernel: Kernel.IKernelConnection,
    generation: number
  ): Promise<void> {
    this._sink.status('installing', null);
    kernel.registerCommTarget(PROBE_TARGET, this._onCommOpen);
    let failure: string | null = null;
    try {
      const code = await this._installCode();
      // While it was fetched the kernel may have changed or the probe been switched off (each
      // starts a new generation): that generation installs, or not, by itself.
      if (generation !== this._generation) {
        return;
      }
      const request = { code, ...SILENT };
      const reply = await kernel.requestExecute(request).done;
      if (reply.content.status === 'error') {
        const { ename, evalue } =
          reply.content as KernelMessage.IReplyErrorContent;
        failure = `${ename}: ${evalue}`;
      }
    } catch (error) {
      failure = String(error);
    }
    if (failure !== null && generation === this._generation) {
      this._timings(
        'error',
        this._trans.__(
          'The probe could not be installed (%1): wall times only.',
          failure
        )
      );
    }
  }

  private _timings(status: KernelStatus, message: string): void {
    this._timingsOnly = true;
    this._sink.status(status, message);
  }

  /** Registered as the comm target while a probe is being installed or runs. */
  private _onCommOpen = (
    comm: Kernel.IComm,
    msg: KernelMessage.ICommOpenMsg
  ): void => {
    this._channel.open(comm, msg.content.data);
  };

  private _onAnyMessage(_: unknown, args: Kernel.IAnyMessageArgs): void {
    const message = args.msg as unknown as ITimedMessage;
    if (args.direction === 'send') {
      this._timer.sent(message);
      return;
    }
    const event = this._timer.received(message);
    if (event?.kind === 'started') {
      this._sink.running({ cellId: event.cellId, since: event.since });
    } else if (event) {
      this._sink.running(null);
      // With the probe, its record (with CPU and memory) stands for the execution instead,
      // unless the probe lost its hooks. An execution that ends before the probe's hello ran
      // before the install (the kernel runs requests in order): no probe saw it, so it is timed.
      if (
        event.kind === 'finished' &&
        (this._timingsOnly || this._channel.abandoned || !this._channel.probing)
      ) {
        this._sink.run(event.cellId, event.record);
      }
    }
  }

  /**
   * Remembers the kernel session of the latest status message (the connection emits it before
   * the status change it causes). The server's own "restarting" comes in its session, not the
   * kernel's: not noted.
   */
  private _noteSession(_: unknown, args: Kernel.IAnyMessageArgs): void {
    const msg: Partial<KernelMessage.IMessage> = args.msg;
    const session = msg.header?.session;
    if (args.direction !== 'recv') {
      return;
    }
    if (
      msg.header?.msg_type === 'status' &&
      typeof session === 'string' &&
      session !== '' &&
      (msg.content as { execution_state?: unknown } | undefined)
        ?.execution_state !== 'restarting'
    ) {
      this._statusSession = session;
    }
  }

  private _session: ProbeSession;
  private _sink: IProbeSink;
  private _trans: TranslationBundle;
  private _channel: ProbeChannel;
  private _enabled: boolean;
  private _installCode: () => Promise<string>;
  private _kernel: Kernel.IKernelConnection | null = null;
  private _language: string | null = null;
  private _timingsOnly = false;
  private _generation = 0;
  private _reinstall = false;
  /** The kernel session of the latest status message; null before any, or after a kernel change. */
  private _statusSession: string | null = null;
  /** Kernel sessions of this connection that restarted: their late status messages are ignored. */
  private _stale = new Set<string>();
  private _timer = new ExecutionTimer();
  private _isDisposed = false;
}
