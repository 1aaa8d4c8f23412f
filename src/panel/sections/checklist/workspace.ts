import type { IWorkspaceFacts } from './state';

/** One entry of a directory listing, as the contents API gives it. */
export interface IDirEntry {
  name: string;
  path: string;
  type: string;
}

/** The part of JupyterLab's contents manager the checks use (a fake in tests). */
export interface IDirLister {
  /** Lists a folder ('' is the server's root); rejects when it cannot. */
  list(path: string): Promise<readonly IDirEntry[]>;
}

/** How far up the path the checks look, so a deep tree costs a bounded number of requests. */
const MAX_LEVELS = 8;
const TEST_DIRS = new Set(['test', 'tests', 'testing']);
const TEST_FILE =
  /^(?:test_.*\.py|.*_test\.py|conftest\.py|pytest\.ini|tox\.ini)$/;

/** The folders from the notebook's own up to the server's root, nearest first. */
export function ancestors(notebookPath: string): string[] {
  const parts = notebookPath.split('/').filter(part => part !== '');
  parts.pop(); // the notebook itself
  const folders: string[] = [];
  for (
    let depth = parts.length;
    depth >= 0 && folders.length < MAX_LEVELS;
    depth--
  ) {
    folders.push(parts.slice(0, depth).join('/'));
  }
  return folders;
}

/**
 * Looks up the notebook's path, through the contents API, for a `.git` folder (or file, as
 * worktrees and submodules have) and for tests (a tests folder, test_*.py, conftest.py ...).
 *
 * @param allowHidden - the server's `allow_hidden_files` page option; null when not known, then
 *   guessed from whether listings show any dot-entries. With hidden files hidden, `.git` cannot be
 *   seen, and the answer is 'hidden' rather than a wrong 'absent'.
 */
export async function checkWorkspace(
  lister: IDirLister,
  notebookPath: string,
  allowHidden: boolean | null
): Promise<IWorkspaceFacts> {
  let git: IWorkspaceFacts['git'] = null;
  let tests = '';
  let sawHidden = false;
  for (const folder of ancestors(notebookPath)) {
    const entries = await lister.list(folder).catch(() => null);
    if (!entries) {
      break;
    }
    sawHidden = sawHidden || entries.some(entry => entry.name.startsWith('.'));
    tests = tests || testsIn(entries);
    if (entries.some(entry => entry.name === '.git')) {
      git = { state: 'found', folder };
      break; // the repository's root: tests above it belong to something else
    }
  }
  if (!git) {
    const visible = allowHidden ?? sawHidden;
    git = {
      state: visible ? 'absent' : 'hidden',
      folder: ancestors(notebookPath)[0] ?? ''
    };
  }
  return { git, tests };
}

function testsIn(entries: readonly IDirEntry[]): string {
  const found = entries.find(entry =>
    entry.type === 'directory'
      ? TEST_DIRS.has(entry.name)
      : TEST_FILE.test(entry.name)
  );
  return found?.path ?? '';
}

/**
 * Remembers each notebook's workspace answer for a while, so showing the panel again or running a
 * cell does not list folders again; a check already under way is shared, not repeated.
 */
export class WorkspaceCache {
  constructor(
    private readonly _check: (path: string) => Promise<IWorkspaceFacts>,
    private readonly _ttlMs = 60_000,
    private readonly _now: () => number = Date.now
  ) {}

  /** The last answer for the path, or unchecked facts while none is fresh. */
  peek(path: string): IWorkspaceFacts {
    return this._entries.get(path)?.facts ?? { git: null, tests: null };
  }

  /** True when the path's answer is missing or old and no check is under way. */
  isStale(path: string): boolean {
    const entry = this._entries.get(path);
    return (
      !this._pending.has(path) &&
      (!entry || this._now() - entry.at > this._ttlMs)
    );
  }

  /** Checks the path again; resolves to the new answer. */
  refresh(path: string): Promise<IWorkspaceFacts> {
    const running = this._pending.get(path);
    if (running) {
      return running;
    }
    const promise = this._check(path)
      .then(facts => {
        this._entries.set(path, { facts, at: this._now() });
        return facts;
      })
      .finally(() => this._pending.delete(path));
    this._pending.set(path, promise);
    return promise;
  }

  private _entries = new Map<string, { facts: IWorkspaceFacts; at: number }>();
  private _pending = new Map<string, Promise<IWorkspaceFacts>>();
}
