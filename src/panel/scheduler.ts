import type { IDisposable } from '@lumino/disposable';

/**
 * Runs the panel's refresh at most once at a time, when it is due, and only while the panel is
 * visible.
 *
 * - `schedule(ms)` asks for a refresh within `ms`; an earlier request is never put off by a later one.
 * - `schedule(ms, true)` debounces: another debounced request restarts the wait (typing in a cell).
 * - A request that arrives while a refresh runs is queued and runs once after it, not twice at once.
 * - While hidden nothing runs; the request is remembered and `resume()` catches up.
 */
export class RefreshScheduler implements IDisposable {
  /**
   * @param refresh - the work; it may be async.
   * @param isActive - whether the panel is visible now.
   */
  constructor(
    private readonly _refresh: () => void | Promise<void>,
    private readonly _isActive: () => boolean
  ) {}

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** True while a refresh runs. */
  get isRunning(): boolean {
    return this._running;
  }

  /** Asks for a refresh within `delayMs`; with `debounce`, later debounced requests restart the wait. */
  schedule(delayMs: number, debounce = false): void {
    if (this._isDisposed) {
      return;
    }
    if (!this._isActive()) {
      this._missed = true;
      return;
    }
    const due = Date.now() + delayMs;
    if (this._timer !== null) {
      const keep = debounce && this._debounced ? false : this._due <= due;
      if (keep) {
        return;
      }
      clearTimeout(this._timer);
    }
    this._due = due;
    this._debounced = debounce;
    this._timer = setTimeout(() => void this._fire(), delayMs);
  }

  /** The panel became visible: run what was asked for while it was hidden. */
  resume(): void {
    if (this._missed) {
      this._missed = false;
      this.schedule(0);
    }
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
    }
  }

  private async _fire(): Promise<void> {
    this._timer = null;
    if (this._isDisposed) {
      return;
    }
    if (!this._isActive()) {
      this._missed = true;
      return;
    }
    if (this._running) {
      this._queued = true;
      return;
    }
    this._running = true;
    try {
      await this._refresh();
    } catch (reason) {
      console.error('Optimiser: the panel could not refresh', reason);
    } finally {
      this._running = false;
      if (this._queued) {
        this._queued = false;
        this.schedule(0);
      }
    }
  }

  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _due = 0;
  private _debounced = false;
  private _running = false;
  private _queued = false;
  private _missed = false;
  private _isDisposed = false;
}
