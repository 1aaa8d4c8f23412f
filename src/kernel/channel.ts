import type { Kernel } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';

import type { IProbeProfiling, IRunRecord } from '../contracts/facts';
import type { KernelStatus } from '../contracts/measurements';
import type { IProbeRun, ProbeFacts, ProbeMessage } from './messages';
import { parseProbeMessage } from './messages';

/** Where the probe's news goes; the measurements service implements it. */
export interface IProbeSink {
  status(status: KernelStatus, message: string | null): void;
  facts(facts: ProbeFacts): void;
  /** The line profile's settings from the probe's hello (null: a probe without them). */
  profiling(profiling: IProbeProfiling | null): void;
  run(cellId: string, record: IRunRecord): void;
  running(running: { cellId: string; since: number } | null): void;
}

/**
 * The comm of the probe installed now: its messages, checked, and the facts requests waiting for
 * an answer. The comm of the latest hello is followed; an earlier comm of the same kernel gives
 * only its records until the kernel closes it; anything from an earlier kernel is dropped.
 */
export class ProbeChannel {
  constructor(sink: IProbeSink, trans: TranslationBundle, profile: boolean) {
    this._sink = sink;
    this._trans = trans;
    this._profile = profile;
  }

  /** True once the probe on the current comm said hello: its records stand for the executions. */
  get probing(): boolean {
    return this._probing;
  }

  /**
   * True when the probe said hello and then lost its hooks (IPython's event manager was
   * replaced): it measures no more, so the executions need timing from the kernel's messages.
   */
  get abandoned(): boolean {
    return this._probing && this._fault === 'events';
  }

  /** The "profile" setting, sent to the probe now and after every hello. */
  setProfiling(enabled: boolean): void {
    if (enabled === this._profile) {
      return;
    }
    this._profile = enabled;
    this._sendProfiling();
  }

  /**
   * The probe opened a comm; its hello came with it. The comm of the latest hello is followed (a
   * reinstall, perhaps from another browser tab on the same kernel, closes the earlier comm in the
   * kernel). Earlier comms of this kernel stay open until the kernel closes them: a record already
   * on its way over one is still the live probe's, and disposing the comm would drop it.
   */
  open(comm: Kernel.IComm, hello: unknown): void {
    this._comms.add(comm);
    comm.onMsg = msg => this._receive(comm, msg.content.data);
    comm.onClose = () => {
      this._comms.delete(comm);
      if (this._comm === comm) {
        this._forget();
      }
    };
    this._receive(comm, hello);
  }

  /** Asks the probe for fresh facts; resolves when they arrive, or when they no longer can. */
  requestFacts(): Promise<void> {
    const comm = this._comm;
    if (!comm || comm.isDisposed || !this._probing) {
      return Promise.resolve();
    }
    const requestId = ++this._requestId;
    return new Promise(resolve => {
      this._waiters.set(requestId, resolve);
      comm.send({ type: 'facts-request', request_id: requestId });
    });
  }

  /** Closes the comm from this side (the probe is being removed): no close comes back. */
  close(): void {
    this._comm?.close();
    this.reset();
  }

  /**
   * Forgets every comm (kernel changed or restarted). Only the front-end side is disposed:
   * closing them would tell a probe that may still serve another tab to stop talking.
   */
  reset(): void {
    this._forget();
    for (const comm of this._comms) {
      if (!comm.isDisposed) {
        comm.dispose();
      }
    }
    this._comms.clear();
  }

  /** Stops following the current comm: no probe speaks for the executions until the next hello. */
  private _forget(): void {
    this._resolve(null);
    this._probing = false;
    this._fault = null;
    this._comm = null;
  }

  private _receive(comm: Kernel.IComm, data: unknown): void {
    if (!this._comms.has(comm)) {
      return; // an earlier kernel or restart, or a comm the kernel closed
    }
    const message: ProbeMessage = parseProbeMessage(data);
    if (message.type === 'hello') {
      this._comm = comm; // the newest probe, on whichever comm it said hello
    } else if (comm !== this._comm) {
      // An earlier comm of this kernel that the kernel has not closed yet: its records are the
      // live probe's (sent before the newer hello reached us); its facts and faults are stale.
      if (message.type === 'runs') {
        this._runs(message.runs);
      }
      return;
    }
    switch (message.type) {
      case 'hello':
        this._probing = true;
        this._fault = null;
        this._sink.facts(message.facts);
        this._sink.profiling(message.profiling);
        this._sink.status('probed', null);
        this._resolve(null); // fresh facts answer every pending request
        // A new probe starts with profiling on; a probe without profiling ignores the request.
        if (!this._profile || message.profiling?.enabled === false) {
          this._sendProfiling();
        }
        break;
      case 'facts':
        this._sink.facts(message.facts);
        this._resolve(message.requestId);
        break;
      case 'runs':
        this._runs(message.runs);
        break;
      case 'fault':
        this._onFault(message.where, message.error);
        break;
      case 'ignored':
        break;
    }
  }

  /**
   * A fault in the probe. One that lost the hooks stays on show until the next hello (a restart
   * reinstalls the probe); any other passes with the next records.
   */
  private _onFault(where: string | null, error: string): void {
    if (this._fault === 'events') {
      return;
    }
    this._fault = where === 'events' ? 'events' : 'passing';
    this._sink.status(
      'error',
      this._fault === 'events'
        ? this._trans.__(
            "Runs are no longer measured by the probe: IPython's event manager (get_ipython().events) was replaced or its callbacks removed. Wall times only until the kernel restarts."
          )
        : this._trans.__(
            'The probe hit a fault (your code was not affected): %1',
            error
          )
    );
  }

  private _sendProfiling(): void {
    const comm = this._comm;
    if (comm && !comm.isDisposed && this._probing) {
      comm.send({ type: 'profile', enabled: this._profile });
    }
  }

  private _runs(runs: readonly IProbeRun[]): void {
    if (runs.length === 0 || !this._probing) {
      return;
    }
    if (this._fault === 'passing') {
      this._fault = null; // measuring again: the fault is behind us
      this._sink.status('probed', null);
    }
    for (const run of runs) {
      this._sink.run(run.cellId, run.record);
    }
  }

  private _resolve(requestId: number | null): void {
    const ids = requestId === null ? [...this._waiters.keys()] : [requestId];
    for (const id of ids) {
      this._waiters.get(id)?.();
      this._waiters.delete(id);
    }
  }

  private _sink: IProbeSink;
  private _trans: TranslationBundle;
  /** The comm of the latest hello. */
  private _comm: Kernel.IComm | null = null;
  /** Every comm of this kernel that the kernel has not closed, the current one included. */
  private _comms = new Set<Kernel.IComm>();
  private _probing = false;
  private _fault: 'passing' | 'events' | null = null;
  private _profile: boolean;
  private _requestId = 0;
  private _waiters = new Map<number, () => void>();
}
