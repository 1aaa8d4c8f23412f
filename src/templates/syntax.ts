/**
 * The few syntax-tree helpers the templates need on top of the analysis: the statements of a
 * cell or a loop body, node text, and text rewriting by node ranges. Built on @lezer/python,
 * the parser the analysis uses, so the two agree on what a statement is.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@lezer/python';

/** A parsed cell: its text and tree. */
export interface IParsed {
  text: string;
  tree: Tree;
}

/** Parses Python source. */
export function parse(text: string): IParsed {
  return { text, tree: parser.parse(text) };
}

/** The node's source text. */
export function textOf(parsed: IParsed, node: SyntaxNode): string {
  return parsed.text.slice(node.from, node.to);
}

/** The 1-based line of a character offset. */
export function lineOf(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
    }
  }
  return line;
}

/** The direct children of a node. */
export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    out.push(child);
  }
  return out;
}

const NOT_STATEMENTS = new Set(['Comment', ':', 'Body', '⚠']);

/** The statements of a Script or Body node, comments left out. */
export function statementsOf(node: SyntaxNode): SyntaxNode[] {
  return children(node).filter(child => !NOT_STATEMENTS.has(child.name));
}

/** The top-level statements of a cell. */
export function topStatements(parsed: IParsed): SyntaxNode[] {
  return statementsOf(parsed.tree.topNode);
}

/** The body statements of a compound statement (for, def, with...). */
export function bodyOf(node: SyntaxNode): SyntaxNode[] {
  const body = node.getChild('Body');
  return body ? statementsOf(body) : [];
}

/** Every descendant of `node` (itself included) in document order. */
export function descendants(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const cursor = node.cursor();
  const end = node.to;
  const start = node.from;
  do {
    if (cursor.from >= start && cursor.to <= end) {
      out.push(cursor.node);
    }
  } while (cursor.next() && cursor.from < end);
  return out;
}

/** Names read anywhere under `node` (VariableName nodes), in order, without repeats. */
export function namesIn(parsed: IParsed, node: SyntaxNode): string[] {
  const names: string[] = [];
  for (const item of descendants(node)) {
    if (item.name === 'VariableName') {
      const name = textOf(parsed, item);
      if (!names.includes(name)) {
        names.push(name);
      }
    }
  }
  return names;
}

/** A replacement of the text between two offsets. */
export interface IEdit {
  from: number;
  to: number;
  text: string;
}

/** `text[from, to)` with the (non-overlapping) edits applied. */
export function applyEdits(
  text: string,
  from: number,
  to: number,
  edits: readonly IEdit[]
): string {
  let out = '';
  let at = from;
  for (const edit of [...edits].sort((a, b) => a.from - b.from)) {
    out += text.slice(at, edit.from) + edit.text;
    at = edit.to;
  }
  return out + text.slice(at, to);
}

/** The top-level statement starting on 1-based `line`, if any. */
export function statementAt(parsed: IParsed, line: number): SyntaxNode | null {
  return (
    topStatements(parsed).find(
      node => lineOf(parsed.text, node.from) === line
    ) ?? null
  );
}

/** The text of whole lines `first..last` (1-based, inclusive). */
export function linesOf(text: string, first: number, last: number): string {
  return text
    .split('\n')
    .slice(first - 1, last)
    .join('\n');
}

/** The cell's text with lines `first..last` replaced by `replacement`. */
export function replaceLines(
  text: string,
  first: number,
  last: number,
  replacement: string
): string {
  const lines = text.split('\n');
  lines.splice(first - 1, last - first + 1, ...replacement.split('\n'));
  return lines.join('\n');
}
