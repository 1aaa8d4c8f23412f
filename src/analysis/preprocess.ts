/**
 * IPython syntax that is not Python: magics (`%time`, `%%bash`), shell escapes (`!ls`, `x = !ls`)
 * and help (`np.sum?`). Such lines are replaced (line numbers kept) so the parser reads the rest,
 * and are reported as unread. Regular expressions here only classify a line's prefix; structure is
 * left to the parser.
 */
import type { SyntaxNode } from '@lezer/common';

import { SourceText } from './syntax';
import type { IUnreadLine } from './types';
import { parsePython } from './parser';

/** What the parser reads, and what was set aside before it. */
export interface IPrepared {
  /** The code to parse: as many lines as the source, unreadable ones replaced. */
  code: string;
  unread: IUnreadLine[];
  /** Lines that start an external program: `!cmd`, `%sx`, `%system`, a `%%bash` cell. */
  shellLines: number[];
  /** Lines whose code was replaced by a placeholder (not the statement after `%time`). */
  replaced: Set<number>;
}

/**
 * Cell magics whose body is Python that runs as usual in the kernel, so the analysis reads it.
 * (`%%python` runs its body in another process: not read.) The panel says the rest are not read.
 */
export const PYTHON_CELL_MAGICS: ReadonlySet<string> = new Set([
  'time',
  'timeit',
  'prun',
  'capture',
  'debug',
  'memit',
  'mprun',
  'lprun',
  'px'
]);
/** Cell magics whose body is a shell script. */
const SHELL_CELL_MAGICS = new Set([
  'bash',
  'sh',
  'zsh',
  'script',
  'system',
  '!',
  'sx'
]);
/** Line magics followed by a Python statement that still runs: keep the statement. */
const TIMING_MAGICS = new Set(['time', 'timeit', 'prun']);
/** Options of the timing magics that take a value (`%timeit -n 10 f()`). */
const VALUED_OPTIONS = new Set(['n', 'r', 'p', 'l', 's', 'T', 'D']);

const CELL_MAGIC = /^\s*%%(!|[A-Za-z_][\w-]*)?/;
const LINE_MAGIC = /^(\s*)%([A-Za-z_]\w*)/;
const SHELL_LINE = /^(\s*)!(?!=)/;
const ASSIGNED_ESCAPE =
  /^(\s*)([A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*)\s*=\s*([!%])/;
const HELP_LINE = /^\s*\??[A-Za-z_][\w.]*\?{0,2}\s*$/;

interface ILineKind {
  reason: IUnreadLine['reason'];
  /** What the parser reads on this line instead. */
  replacement: string;
  /** True when nothing is lost (a timing magic's statement, a continuation already reported). */
  keep?: boolean;
  /** True when the replacement is the line's own Python statement (after `%time`). */
  statement?: boolean;
  endLine?: number;
}

/** Splits a cell into lines, sets IPython syntax aside and returns the Python to parse. */
export function prepareSource(source: string): IPrepared {
  if (
    !source.includes('%') &&
    !source.includes('!') &&
    !source.includes('?') &&
    !source.includes('\r')
  ) {
    // Most cells: nothing to set aside.
    return { code: source, unread: [], shellLines: [], replaced: new Set() };
  }
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const prepared: IPrepared = {
    code: '',
    unread: [],
    shellLines: [],
    replaced: new Set()
  };
  const first = lines.findIndex(line => line.trim().length > 0);
  const cellMagic = first >= 0 ? CELL_MAGIC.exec(lines[first]) : null;
  if (cellMagic) {
    const name = cellMagic[1] ?? '';
    if (!PYTHON_CELL_MAGICS.has(name)) {
      return wholeCellMagic(lines, first, SHELL_CELL_MAGICS.has(name));
    }
    lines[first] = '';
    prepared.replaced.add(first + 1);
  }
  const kinds = classifyLines(lines, cellMagic ? first : -1);
  for (const index of dropStringLines(source, kinds)) {
    kinds.delete(index);
  }
  applyKinds(lines, kinds, prepared);
  prepared.code = lines.join('\n');
  return prepared;
}

/** Replaces each line of IPython syntax and records what was set aside. */
function applyKinds(
  lines: string[],
  kinds: Map<number, ILineKind>,
  prepared: IPrepared
): void {
  for (const [index, kind] of kinds) {
    const line = index + 1;
    if (!kind.statement) {
      prepared.replaced.add(line);
    }
    if (!kind.keep) {
      const text = lines[index].trim().slice(0, 120);
      const unread: IUnreadLine = { line, reason: kind.reason, text };
      if (kind.endLine) {
        unread.endLine = kind.endLine;
      }
      prepared.unread.push(unread);
      if (kind.reason === 'shell') {
        prepared.shellLines.push(line);
      }
    }
    lines[index] = kind.replacement;
  }
}

/** A cell whose magic makes all of it something other than Python (`%%bash`, `%%writefile`). */
function wholeCellMagic(
  lines: string[],
  first: number,
  shell: boolean
): IPrepared {
  const line = first + 1;
  const unread: IUnreadLine = {
    line,
    reason: 'magic',
    text: lines[first].trim().slice(0, 120)
  };
  if (lines.length > line) {
    unread.endLine = lines.length;
  }
  return {
    code: lines.map(() => '').join('\n'),
    unread: [unread],
    shellLines: shell ? [line] : [],
    replaced: new Set(lines.map((_, index) => index + 1))
  };
}

/** Index -> what to do with each line of IPython syntax, continuation lines included. */
function classifyLines(lines: string[], skip: number): Map<number, ILineKind> {
  const kinds = new Map<number, ILineKind>();
  for (let index = 0; index < lines.length; index++) {
    if (index === skip) {
      continue;
    }
    const kind = classifyLine(lines[index]);
    if (!kind) {
      continue;
    }
    kinds.set(index, kind);
    // A backslash at the end continues the magic or command on the next line.
    const indent = leadingSpace(lines[index]);
    while (lines[index].trimEnd().endsWith('\\') && index + 1 < lines.length) {
      index++;
      kinds.set(index, {
        reason: kind.reason,
        replacement: placeholder(indent),
        keep: true
      });
      kind.endLine = index + 1;
    }
  }
  return kinds;
}

/** How one line is IPython syntax, or null when it is (or may be) Python. */
function classifyLine(text: string): ILineKind | null {
  const indent = leadingSpace(text);
  const assigned = ASSIGNED_ESCAPE.exec(text);
  if (assigned && text[assigned[0].length] !== '=') {
    const shellMagic = /^(sx|system)\b/.test(text.slice(assigned[0].length));
    const reason = assigned[3] === '!' || shellMagic ? 'shell' : 'magic';
    return { reason, replacement: `${indent}${assigned[2]} = ...` };
  }
  if (SHELL_LINE.test(text)) {
    return { reason: 'shell', replacement: placeholder(indent) };
  }
  const magic = LINE_MAGIC.exec(text);
  if (magic) {
    const name = magic[2];
    if (TIMING_MAGICS.has(name)) {
      const statement = timedStatement(text, magic[0].length);
      if (statement !== null) {
        return {
          reason: 'magic',
          replacement: statement,
          keep: true,
          statement: true
        };
      }
    }
    const reason = name === 'sx' || name === 'system' ? 'shell' : 'magic';
    return { reason, replacement: placeholder(indent) };
  }
  if (text.includes('?') && HELP_LINE.test(text)) {
    return { reason: 'magic', replacement: placeholder(indent) };
  }
  return null;
}

/**
 * The statement after `%time` / `%timeit -n 10 -r 3`, moved to the magic's indentation, or null
 * when nothing follows the magic and its options.
 */
function timedStatement(text: string, magicEnd: number): string | null {
  let position = magicEnd;
  let expectValue = false;
  for (;;) {
    const start =
      position +
      (text.slice(position).length - text.slice(position).trimStart().length);
    const token = text.slice(start).split(/\s/, 1)[0];
    if (token === '') {
      return null;
    }
    const option: boolean =
      !expectValue &&
      token.length >= 2 &&
      token[0] === '-' &&
      /[A-Za-z]/.test(token[1]);
    if (!expectValue && !option) {
      return leadingSpace(text) + text.slice(start);
    }
    // `-n 10` takes the next token as its value; `-n10` and flags like `-q` do not.
    expectValue = option && token.length === 2 && VALUED_OPTIONS.has(token[1]);
    position = start + token.length;
  }
}

/**
 * Lines that look like magics but sit inside a triple-quoted string (their text is data, not
 * IPython syntax). Only parsed when both a candidate line and a triple quote exist.
 */
function dropStringLines(
  source: string,
  kinds: Map<number, ILineKind>
): number[] {
  if (kinds.size === 0 || !(source.includes('"""') || source.includes("'''"))) {
    return [];
  }
  const text = source.replace(/\r\n?/g, '\n');
  const tree = parsePython(text);
  const src = new SourceText(text);
  const inside: number[] = [];
  for (const index of kinds.keys()) {
    const start = src.lineStart(index + 1);
    for (
      let node: SyntaxNode | null = tree.resolveInner(start, 1);
      node;
      node = node.parent
    ) {
      if (
        (node.name === 'String' || node.name === 'FormatString') &&
        node.from < start
      ) {
        inside.push(index);
        break;
      }
    }
  }
  return inside;
}

function leadingSpace(text: string): string {
  return text.slice(0, text.length - text.trimStart().length);
}

/** A line that keeps an indented block valid (`for f in files:` over `!process f`). */
function placeholder(indent: string): string {
  return indent.length > 0 ? `${indent}pass` : '';
}
