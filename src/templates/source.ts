/**
 * The analysis parsed the cell with its IPython lines blanked (line numbers kept, offsets not):
 * templates read that tree, and write their edits into the cell's own text, so the magics the
 * user wrote stay where they were. This maps offsets of the parsed text to the cell's text.
 */
import type { IEdit, IParsed } from '../analysis/syntax';
import { applyEdits, SourceText } from '../analysis/syntax';
import type { ITemplateContext } from './types';

/** Line starts of the parsed text and of the cell's text, per parse (made once, on demand). */
const MAPS = new WeakMap<IParsed, { parsed: SourceText; source: SourceText }>();

/** The offset in the cell's text of offset `pos` of the analysis' parsed text. */
export function sourceOffset(ctx: ITemplateContext, pos: number): number {
  if (ctx.parsed.text === ctx.source) {
    return pos;
  }
  let map = MAPS.get(ctx.parsed);
  if (!map || map.source.text !== ctx.source) {
    map = {
      parsed: new SourceText(ctx.parsed.text),
      source: new SourceText(ctx.source)
    };
    MAPS.set(ctx.parsed, map);
  }
  const line = map.parsed.line(pos);
  const column = pos - map.parsed.lineStart(line);
  const parsedLine = lineText(map.parsed, line);
  const sourceLine = lineText(map.source, line).replace(/\r$/, '');
  const start = map.source.lineStart(line);
  if (column === 0) {
    return start;
  }
  // The line as written, or its statement after a `%time` prefix; else a blanked line's end.
  return sourceLine.endsWith(parsedLine)
    ? start + sourceLine.length - parsedLine.length + column
    : start + sourceLine.length;
}

/** The cell's text between two offsets of the parsed text, with edits made in parsed offsets. */
export function editSource(
  ctx: ITemplateContext,
  from: number,
  to: number,
  edits: readonly IEdit[]
): string {
  return applyEdits(
    ctx.source,
    sourceOffset(ctx, from),
    sourceOffset(ctx, to),
    edits.map(edit => ({
      from: sourceOffset(ctx, edit.from),
      to: sourceOffset(ctx, edit.to),
      text: edit.text
    }))
  );
}

function lineText(src: SourceText, line: number): string {
  const start = src.lineStart(line);
  const end = src.text.indexOf('\n', start);
  return src.text.slice(start, end < 0 ? undefined : end);
}
