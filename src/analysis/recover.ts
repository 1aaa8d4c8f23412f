/**
 * Reading past syntax errors. The parser recovers on its own, but an error can make it misread
 * what follows (an unclosed bracket turns the next `for` loop into a generator). So the first line
 * of a statement holding an error is blanked out, line numbers kept, and the cell parsed again;
 * the new reading is kept only when it has fewer errors, and the search is bounded.
 */
import type { SyntaxNode, Tree } from '@lezer/common';

import type { ICollected } from './collect';
import { collect } from './collect';
import { SourceText } from './syntax';
import { parsePython } from './parser';

/** A parse of the cell and what was blanked to get it. */
export interface IReading {
  code: string;
  tree: Tree;
  collected: ICollected;
  /** Lines blanked because a statement starting there did not parse. */
  blanked: number[];
}

/** Parses tried per cell at most: only cells with errors pay for more than one. */
const MAX_PARSES = 8;

/** Parses `code`, blanking statements with syntax errors while that reduces the errors. */
export function readCode(code: string): IReading {
  const tree = parseMended(code);
  let reading: IReading = {
    code,
    tree,
    collected: collect(tree, code),
    blanked: []
  };
  let parses = 1;
  let improved = true;
  while (
    improved &&
    reading.collected.errors.length > 0 &&
    parses < MAX_PARSES
  ) {
    improved = false;
    for (const line of candidateLines(reading)) {
      if (parses >= MAX_PARSES) {
        break;
      }
      parses++;
      const retry = blankAndParse(reading, line);
      if (retry.collected.errors.length < reading.collected.errors.length) {
        reading = retry;
        improved = true;
        break;
      }
    }
  }
  return reading;
}

function blankAndParse(reading: IReading, line: number): IReading {
  const code = blankLine(reading.code, line);
  const tree = parseMended(code);
  const blanked = [...reading.blanked, line].sort((a, b) => a - b);
  return { code, tree, collected: collect(tree, code), blanked };
}

/** Rounds of mending tried per parse: each mends every trailing dot its errors point at. */
const MAX_MENDS = 3;

/**
 * The parse of `code`, read past what the parser wrongly rejects: a float with a trailing dot
 * (`lim=1000.`, valid Python) is an error to @lezer/python, which then misreads the rest of the
 * function. The tree is of the text with such dots as spaces — same length, so every position
 * holds for `code` itself, which is what the analysis and the templates read.
 */
function parseMended(code: string): Tree {
  let tree = parsePython(code);
  let text = code;
  for (let round = 0; round < MAX_MENDS; round++) {
    const dots = trailingDots(tree, text);
    if (dots.length === 0) {
      break;
    }
    const chars = text.split('');
    for (const at of dots) {
      chars[at] = ' ';
    }
    text = chars.join('');
    tree = parsePython(text);
  }
  return tree;
}

/** Positions of dots ending a number (`1000.`) right before a syntax error. */
function trailingDots(tree: Tree, text: string): number[] {
  const dots: number[] = [];
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError) {
      const at = cursor.from - 1;
      if (
        text[at] === '.' &&
        /(^|[^\w.])\d+$/.test(text.slice(Math.max(0, at - 40), at))
      ) {
        dots.push(at);
      }
    }
  } while (cursor.next());
  return [...new Set(dots)];
}

/**
 * Lines worth blanking for the first error: the first line of the outermost statement around it
 * (an `if x:` with no body, an unclosed bracket), then of the innermost (a bad line in a function).
 */
function candidateLines(reading: IReading): number[] {
  const src = new SourceText(reading.code);
  const error = reading.collected.errors[0];
  const pos = error.from;
  const statements: SyntaxNode[] = [];
  for (let node: SyntaxNode | null = error.parent; node; node = node.parent) {
    if (isStatement(node.name)) {
      statements.push(node);
    }
  }
  const line = (from: number): number =>
    src.line(Math.min(from, Math.max(src.text.length - 1, 0)));
  const lines = [
    ...(statements.length > 0
      ? [line(statements[statements.length - 1].from), line(statements[0].from)]
      : []),
    line(pos)
  ];
  return [...new Set(lines)].filter(
    candidate => !reading.blanked.includes(candidate)
  );
}

function isStatement(name: string): boolean {
  return (
    name.endsWith('Statement') ||
    name === 'FunctionDefinition' ||
    name === 'ClassDefinition'
  );
}

/** Replaces a line with a placeholder at its indentation, so an enclosing block stays valid. */
function blankLine(code: string, line: number): string {
  const all = code.split('\n');
  const text = all[line - 1] ?? '';
  const indent = text.slice(0, text.length - text.trimStart().length);
  all[line - 1] = indent.length > 0 ? `${indent}pass` : '';
  return all.join('\n');
}
