/**
 * `analyseCell`: one cell's source -> what its code does (ICellAnalysis). Pure and synchronous;
 * IPython syntax and syntax errors never stop it: what cannot be read is listed in `unread`.
 */
import type { SyntaxNode } from '@lezer/common';

import type { IBodyContext } from './body';
import {
  lastExpression,
  readCalls,
  readFunctions,
  readNames,
  topStatements
} from './definitions';
import type { IBinding } from './imports';
import { Qualifier, readImport } from './imports';
import {
  readAllocations,
  readRowLoops,
  readSubprocessLines,
  readsParallel,
  readUses,
  usedPaths
} from './libraries';
import { readLoops } from './loops';
import type { IPrepared } from './preprocess';
import { prepareSource } from './preprocess';
import { readCode } from './recover';
import { scopeConstants } from './scope';
import type { IParsed } from './syntax';
import { parse, SourceText } from './syntax';
import type { ICellAnalysis, IImport, IUnreadLine } from './types';

/** Syntax-error spans reported per cell at most; garbage cells would otherwise list every line. */
const MAX_SYNTAX_SPANS = 20;

/** Reads one cell's code. Never throws for any input text. */
export function analyseCell(source: string): ICellAnalysis {
  try {
    return readCell(source);
  } catch {
    // The parser itself can fail on pathological text (thousands of lines of nested error
    // recovery): the cell is then reported as unreadable, as a whole, rather than not at all.
    const empty = readCell('');
    const src = new SourceText(source);
    return {
      ...empty,
      unread: [
        {
          line: 1,
          endLine: src.lineCount,
          reason: 'syntax',
          text: lineText(src, 1)
        }
      ],
      lineCount: src.lineCount
    };
  }
}

function readCell(source: string): ICellAnalysis {
  const prepared = prepareSource(source);
  const { tree, code, collected, blanked } = readCode(prepared.code);
  const src = new SourceText(code);
  const replaced = new Set([...prepared.replaced, ...blanked]);
  const bindings = collected.imports.flatMap(node => readImport(node, src));
  const qualifier = new Qualifier(bindings);
  const ctx: IBodyContext = { src, qualifier, shellLines: prepared.shellLines };
  const constantsFor = scopeConstants(tree.topNode, collected, src, qualifier);
  const loops = readLoops(collected.loops, {
    ...ctx,
    constantsFor,
    roles: collected.roles
  });
  const libraries = { src, qualifier, constantsFor };
  const { assigned, freeNames } = readNames(collected, bindings, ctx);
  const module = constantsFor(null);
  const analysis: ICellAnalysis = {
    loops,
    functions: readFunctions(collected.functions, ctx, loops),
    calls: readCalls(collected.calls, ctx),
    imports: bindings.map(publicImport),
    assigned,
    freeNames,
    lastExpression: lastExpression(tree.topNode, ctx, replaced),
    allocations: readAllocations(collected, libraries),
    uses: readUses(
      usedPaths(collected, bindings, libraries),
      readsParallel(collected, bindings, libraries)
    ),
    rowLoops: readRowLoops(collected, src),
    subprocessLines: readSubprocessLines(
      collected,
      prepared.shellLines,
      libraries
    ),
    unread: [
      ...prepared.unread,
      ...syntaxErrors(collected.errors, blanked, src, prepared)
    ].sort((a, b) => a.line - b.line),
    statements: topStatements(tree.topNode, ctx, replaced).length,
    lineCount: src.lineCount,
    lengths: Object.fromEntries(module.lengths)
  };
  PARSES.set(analysis, { text: code, tree });
  return analysis;
}

/** The tree each analysis was read from, kept beside it rather than in it (analyses are data). */
const PARSES = new WeakMap<ICellAnalysis, IParsed>();

/**
 * The parse the analysis read the cell from: the text with magics, shell escapes and unreadable
 * lines blanked (line numbers kept) and its tree, so a template need not parse the cell again.
 * An analysis made elsewhere (a test's literal) gets the same parse made afresh from `source`.
 */
export function cellParse(analysis: ICellAnalysis, source: string): IParsed {
  return PARSES.get(analysis) ?? readParse(source);
}

function readParse(source: string): IParsed {
  try {
    const { code, tree } = readCode(prepareSource(source).code);
    return { text: code, tree };
  } catch {
    return parse(''); // the text analyseCell could not read either: nothing to rewrite
  }
}

function publicImport(binding: IBinding): IImport {
  return { module: binding.module, alias: binding.alias, line: binding.line };
}

/** Lines blanked for syntax errors and lines with errors left, merged into spans. */
function syntaxErrors(
  errors: readonly SyntaxNode[],
  blanked: readonly number[],
  src: SourceText,
  prepared: IPrepared
): IUnreadLine[] {
  const errorLines = errors.map(error =>
    src.line(Math.min(error.from, Math.max(src.text.length - 1, 0)))
  );
  const lines = [...new Set([...blanked, ...errorLines])]
    .filter(line => !prepared.replaced.has(line))
    .sort((a, b) => a - b);
  // The text shown is the line as written, before any blanking.
  const original = new SourceText(prepared.code);
  const spans: IUnreadLine[] = [];
  for (const line of lines) {
    const last = spans[spans.length - 1];
    if (last && (last.endLine ?? last.line) === line - 1) {
      last.endLine = line;
    } else if (spans.length < MAX_SYNTAX_SPANS) {
      spans.push({ line, reason: 'syntax', text: lineText(original, line) });
    }
  }
  return spans;
}

function lineText(src: SourceText, line: number): string {
  const start = src.lineStart(line);
  const end = src.text.indexOf('\n', start);
  return src.text
    .slice(start, end < 0 ? undefined : end)
    .trim()
    .slice(0, 120);
}
