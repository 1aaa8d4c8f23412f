/**
 * The CLI's two outputs: JSON for programs (the documented shape, nothing more) and text for
 * people.
 */
import type { IAdvice, IEvidence } from '../contracts/advice';
import { seconds } from '../advice/words';
import { diagnosisSentence } from '../diagnosis';
import type { ICellAdvice } from '../pipeline';

/** The `--json` document: `{"version": 1, "cells": [...]}` with the documented keys (an inserted cell also carries its metadata). */
export function jsonOutput(cells: readonly ICellAdvice[]): string {
  const document = {
    version: 1,
    cells: cells.map(cell => ({
      id: cell.id,
      index: cell.index,
      seconds: cell.seconds,
      diagnosis: jsonDiagnosis(cell),
      advice: cell.advice.map(advice => ({
        rule: advice.rule,
        title: advice.title,
        why: advice.why,
        evidence: advice.evidence.map(jsonEvidence),
        confidence: advice.confidence,
        // Exactly the cells the panel would insert, metadata (rule, source cell, role) included.
        insert: advice.insert.map(cell =>
          cell.metadata === undefined
            ? { cell_type: cell.cell_type, source: cell.source }
            : {
                cell_type: cell.cell_type,
                source: cell.source,
                metadata: cell.metadata
              }
        )
      }))
    }))
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** `{"kind", "confidence", "sentence", "evidence": [{"fact", "value", "line"?, "cell_id"?}]}`. */
function jsonDiagnosis(cell: ICellAdvice): Record<string, unknown> {
  const diagnosis = cell.diagnosis;
  return {
    kind: diagnosis.kind,
    confidence: diagnosis.confidence,
    sentence: diagnosisSentence(diagnosis, cell.id),
    evidence: diagnosis.evidence
  };
}

function jsonEvidence(evidence: IEvidence): IEvidence {
  return evidence.line === undefined
    ? { kind: evidence.kind, text: evidence.text }
    : { kind: evidence.kind, text: evidence.text, line: evidence.line };
}

const WIDTH = 100;

/** The text report: a header, then each code cell with advice, best advice first. */
export function textOutput(
  cells: readonly ICellAdvice[],
  notebookPath: string,
  factsPath: string | null,
  thresholdSeconds: number
): string {
  const advised = cells.filter(cell => cell.advice.length > 0);
  const lines: string[] = [
    `${notebookPath}: ${count(cells.length, 'code cell')}, ${advised.length} with advice` +
      (factsPath
        ? ` (measurements from ${factsPath})`
        : ' (no measurements: advice from the code alone)')
  ];
  for (const cell of cells) {
    const bottleneck = `  ${diagnosisSentence(cell.diagnosis, cell.id, seconds)}`;
    if (cell.advice.length > 0) {
      lines.push(
        '',
        cellHeading(cell),
        bottleneck,
        ...cell.advice.flatMap((advice, i) => adviceLines(advice, i + 1)),
        ...unreadLines(cell)
      );
    } else if (cell.diagnosis.kind === 'failed') {
      lines.push('', cellHeading(cell), bottleneck);
    } else if (cell.seconds !== null && cell.seconds >= thresholdSeconds) {
      lines.push(
        '',
        `${cellHeading(cell)}: no advice, the cell already suits this machine`,
        bottleneck
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** What the analysis could not read, so the advice is judged knowing that. */
function unreadLines(cell: ICellAdvice): string[] {
  return cell.unread.map(item => {
    const span = item.endLine
      ? `lines ${item.line}-${item.endLine}`
      : `line ${item.line}`;
    return `  not read, ${span} (${item.reason}): ${item.text}`;
  });
}

function cellHeading(cell: ICellAdvice): string {
  // The words the advice uses, so that the heading and the advice say one time one way.
  const time = cell.seconds === null ? 'not run' : seconds(cell.seconds);
  return `cell ${cell.index} (id ${cell.id}), ${time}`;
}

function adviceLines(advice: IAdvice, position: number): string[] {
  const lines = [
    `  ${position}. ${advice.title} [${advice.rule}, ${advice.confidence} confidence]`
  ];
  lines.push(...wrap(advice.why, '     '));
  const evidence = advice.evidence.map(item =>
    item.line === undefined ? item.text : `line ${item.line}: ${item.text}`
  );
  lines.push(...wrap(`evidence: ${evidence.join('; ')}`, '     '));
  if (advice.insert.length > 0) {
    lines.push(
      `     inserts ${count(advice.insert.length, 'cell')} (use --json to see them)`
    );
  }
  return lines;
}

/** Wraps text at word boundaries to the report width. */
function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (
      line.length > 0 &&
      indent.length + line.length + 1 + word.length > WIDTH
    ) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line.length > 0 ? `${line} ${word}` : word;
    }
  }
  if (line.length > 0) {
    lines.push(indent + line);
  }
  return lines;
}

function count(value: number, noun: string): string {
  return `${value} ${noun}${value === 1 ? '' : 's'}`;
}
