import type { ReadonlyPartialJSONValue } from '@lumino/coreutils';
import type { ISignal } from '@lumino/signaling';
import { Signal } from '@lumino/signaling';

import type { RuleId } from '../contracts/advice';
import type { ChecklistId } from './types';
import { CHECKLIST_IDS } from './types';
import { isRuleId } from '../contracts/advice';

/** The part of JupyterLab's state database the panel uses (a fake in tests). */
export interface IStateStore {
  fetch(id: string): Promise<ReadonlyPartialJSONValue | undefined>;
  save(id: string, value: ReadonlyPartialJSONValue): Promise<unknown>;
}

/** The state-database key of the panel's memory. */
export const MEMORY_KEY = 'jupyterlab-optimiser:panel';

interface INotebookMemory {
  /** Dismissed rule ids per cell id. */
  dismissed: Record<string, RuleId[]>;
  /** Checklist items the user ticked by hand. */
  ticked: ChecklistId[];
}

/**
 * What the user told the panel about a notebook: advice dismissed per cell and checklist items
 * ticked by hand. Kept in JupyterLab's state database, keyed by notebook path and cell id, not in
 * the notebook file: dismissing advice is one person's view, and writing it into the notebook
 * would mark it modified and put panel state into everyone's diffs.
 */
export class PanelMemory {
  constructor(private readonly _store: IStateStore | null) {
    this.ready = this._load();
  }

  /** Resolves once the stored memory is read (at once without a store). */
  readonly ready: Promise<void>;

  /** Fires after a dismissal, a restore or a tick changes something. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Rules dismissed for a cell. */
  dismissed(path: string, cellId: string): readonly RuleId[] {
    return this._notebooks[path]?.dismissed[cellId] ?? [];
  }

  /** Checklist items ticked by hand for a notebook. */
  ticked(path: string): readonly ChecklistId[] {
    return this._notebooks[path]?.ticked ?? [];
  }

  /** Hides a rule's advice for one cell, or shows it again. */
  setDismissed(
    path: string,
    cellId: string,
    rule: RuleId,
    dismissed: boolean
  ): void {
    const memory = this._notebook(path);
    const current = memory.dismissed[cellId] ?? [];
    if (current.includes(rule) === dismissed) {
      return;
    }
    const next = dismissed
      ? [...current, rule]
      : current.filter(id => id !== rule);
    if (next.length > 0) {
      memory.dismissed[cellId] = next;
    } else {
      delete memory.dismissed[cellId];
    }
    this._commit();
  }

  /** Ticks a checklist item by hand, or unticks it. */
  setTicked(path: string, id: ChecklistId, ticked: boolean): void {
    const memory = this._notebook(path);
    if (memory.ticked.includes(id) === ticked) {
      return;
    }
    memory.ticked = ticked
      ? [...memory.ticked, id]
      : memory.ticked.filter(item => item !== id);
    this._commit();
  }

  /** Follows a notebook that was renamed or moved. */
  rename(oldPath: string, newPath: string): void {
    const memory = this._notebooks[oldPath];
    if (!memory || oldPath === newPath) {
      return;
    }
    this._notebooks[newPath] = memory;
    delete this._notebooks[oldPath];
    this._commit();
  }

  private _notebook(path: string): INotebookMemory {
    return (this._notebooks[path] ??= { dismissed: {}, ticked: [] });
  }

  private _commit(): void {
    this._changed.emit();
    const value = {
      version: 1,
      notebooks: this._notebooks
    } as unknown as ReadonlyPartialJSONValue;
    void this._store?.save(MEMORY_KEY, value).catch(reason => {
      console.warn('Optimiser: could not save the panel memory', reason);
    });
  }

  private async _load(): Promise<void> {
    const value = await this._store?.fetch(MEMORY_KEY).catch(() => undefined);
    const loaded = parseMemory(value);
    if (Object.keys(loaded).length > 0) {
      // Anything done before the load finished wins over what was stored.
      this._notebooks = { ...loaded, ...this._notebooks };
      this._changed.emit();
    }
  }

  private _notebooks: Record<string, INotebookMemory> = {};
  private _changed = new Signal<this, void>(this);
}

/** Reads stored memory, dropping anything malformed (an older or hand-edited state database). */
export function parseMemory(value: unknown): Record<string, INotebookMemory> {
  const notebooks = (value as { notebooks?: unknown } | undefined)?.notebooks;
  if (!notebooks || typeof notebooks !== 'object') {
    return {};
  }
  const result: Record<string, INotebookMemory> = {};
  for (const [path, entry] of Object.entries(
    notebooks as Record<string, unknown>
  )) {
    const raw = (entry ?? {}) as { dismissed?: unknown; ticked?: unknown };
    const dismissed: Record<string, RuleId[]> = {};
    if (raw.dismissed && typeof raw.dismissed === 'object') {
      for (const [cellId, rules] of Object.entries(
        raw.dismissed as Record<string, unknown>
      )) {
        const valid = Array.isArray(rules) ? rules.filter(isRuleIdValue) : [];
        if (valid.length > 0) {
          dismissed[cellId] = valid;
        }
      }
    }
    const ticked = Array.isArray(raw.ticked)
      ? raw.ticked.filter((id): id is ChecklistId =>
          (CHECKLIST_IDS as readonly unknown[]).includes(id)
        )
      : [];
    result[path] = { dismissed, ticked };
  }
  return result;
}

function isRuleIdValue(value: unknown): value is RuleId {
  return typeof value === 'string' && isRuleId(value);
}
