/**
 * Building blocks shared by the templates: inserted cells with their metadata, Python string
 * literals, indentation and the runtime snippets (usable cores, available memory).
 */
import type { IInsertCell, RuleId } from '../contracts/advice';
import type { IOptimiserCellMetadata } from '../contracts/metadata';
import { insertedMetadata } from '../contracts/metadata';

/** Where an inserted cell comes from: the rule and the analysed cell. */
export interface ICellOrigin {
  rule: RuleId;
  cellId: string;
}

/** An inserted cell of `role`, tagged with the rule and the analysed cell. */
export function insertCell(
  origin: ICellOrigin,
  role: IOptimiserCellMetadata['role'],
  source: string
): IInsertCell {
  return {
    cell_type: role === 'note' ? 'markdown' : 'code',
    source: source.trimEnd(),
    metadata: insertedMetadata(origin.rule, origin.cellId, role)
  };
}

/**
 * A Python string literal holding `text` exactly. JSON's string syntax is a subset of Python's
 * (the escapes \\n, \\", \\\\ and \\uXXXX mean the same), so JSON.stringify is a correct encoder.
 */
export function pyString(text: string): string {
  return JSON.stringify(text);
}

/** A Python string literal for a block of code: a triple-quoted string whose text starts on its
 * own line (the backslash after the quotes joins them) whenever the text allows one, as it reads
 * like the code it holds; otherwise `pyString`. */
export function pyBlock(text: string): string {
  return text.includes('\\') || text.includes("'''") || text.endsWith("'")
    ? pyString(text)
    : `'''\\\n${text}'''`;
}

/** A Python list literal of strings. */
export function pyStrings(items: readonly string[]): string {
  return `[${items.map(pyString).join(', ')}]`;
}

/** Indents every non-empty line of `code` by `spaces`. */
export function indent(code: string, spaces = 4): string {
  const pad = ' '.repeat(spaces);
  return code
    .split('\n')
    .map(line => (line.trim() === '' ? '' : pad + line))
    .join('\n');
}

/** Removes the common leading indentation of `code`'s non-empty lines. */
export function dedent(code: string): string {
  const cut = indentWidth(code);
  return code
    .split('\n')
    .map(line => line.slice(cut))
    .join('\n');
}

/** The indentation of the line holding offset `pos` of `text`. */
export function indentAt(text: string, pos: number): string {
  const start = text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
}

/** The common leading indentation of `code`'s non-empty lines, in characters. */
export function indentWidth(code: string): number {
  let cut = Infinity;
  for (const line of code.split('\n')) {
    const width = line.length - line.trimStart().length;
    if (width < line.length) {
      cut = Math.min(cut, width);
    }
  }
  return cut === Infinity ? 0 : cut;
}

/** Python lines binding `_cores` to the usable cores (CPU affinity, not the machine's total). */
export const USABLE_CORES = [
  'import os',
  '',
  '# Usable cores: the CPU affinity of this kernel, which batch schedulers and containers limit.',
  '_cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)'
].join('\n');

/** A comment block: each line prefixed with `# `. */
export function comment(text: string): string {
  return text
    .split('\n')
    .map(line => (line === '' ? '#' : `# ${line}`))
    .join('\n');
}

/** Joins code blocks with one blank line, skipping empty ones. */
export function blocks(
  ...parts: (string | null | undefined | false)[]
): string {
  return parts
    .filter(
      (part): part is string => typeof part === 'string' && part.trim() !== ''
    )
    .map(part => part.trimEnd())
    .join('\n\n');
}
