import * as fs from 'fs';
import * as path from 'path';

import {
  cellParam,
  coresBusy,
  formatMessage,
  lineParam,
  linesMessage,
  listParam,
  message,
  MESSAGES,
  messageIds,
  messageParts
} from './messages';

const elsewhere = {
  id: 'code.defined-elsewhere' as const,
  params: {
    name: '`simulate`',
    cell: cellParam(4, 'uuid-of-defs'),
    line: lineParam(2, 'uuid-of-defs')
  }
};

describe('formatMessage', () => {
  it('fills the English template, naming cells by position and never by id', () => {
    const text = formatMessage(elsewhere);
    expect(text).toBe('`simulate` (defined in cell 4, line 2 there)');
    expect(text).not.toContain('uuid');
  });

  it('translates the template and the cell name through the translator', () => {
    const french = (template: string) =>
      template
        .replace('cell {position}', 'cellule {position}')
        .replace(
          'defined in {cell}, line {line} there',
          'définie en {cell}, ligne {line}'
        );
    expect(formatMessage(elsewhere, french)).toBe(
      '`simulate` (définie en cellule 4, ligne 2)'
    );
  });

  it('leaves a missing parameter empty rather than printing the placeholder', () => {
    expect(formatMessage({ id: 'cell.position', params: {} })).toBe('cell ');
  });
});

describe('messageParts', () => {
  it('gives line parameters as links and the rest as joined text', () => {
    expect(messageParts(elsewhere)).toEqual([
      { kind: 'text', text: '`simulate` (defined in cell 4, line ' },
      { kind: 'line', text: '2', line: 2, cellId: 'uuid-of-defs' },
      { kind: 'text', text: ' there)' }
    ]);
  });
});

describe('MESSAGES', () => {
  it.each(Object.entries(MESSAGES))(
    '%s uses only {name} placeholders',
    (_, template) => {
      expect(template.replace(/\{\w+\}/g, '')).not.toMatch(/[{}]/);
    }
  );
});

describe('lists, lines and cores', () => {
  it('words lists with the catalogue\'s separator and "and", translated', () => {
    const three = message('items.calls', {
      names: listParam(['`a`', '`b`', '`c`']),
      each: message('items.each')
    });
    expect(formatMessage(three)).toBe('calls `a`, `b` and `c` for each item');
    const german = (template: string) =>
      template === '{items} and {last}' ? '{items} und {last}' : template;
    expect(formatMessage(three, german)).toBe(
      'calls `a`, `b` und `c` for each item'
    );
    expect(messageIds(three)).toEqual(
      expect.arrayContaining(['items.calls', 'list.and', 'items.each'])
    );
  });

  it('gives each line of "lines 2, 3 and 5" as a link, in order, duplicates dropped', () => {
    const lines = linesMessage([5, 2, 3, 2], 'c1');
    expect(formatMessage(lines)).toBe('lines 2, 3 and 5');
    expect(
      messageParts(lines)
        .filter(part => part.kind === 'line')
        .map(part => part.text)
    ).toEqual(['2', '3', '5']);
    expect(formatMessage(linesMessage([4], 'c1'))).toBe('line 4');
  });

  it.each([
    [0.98, 2, '1.0 of 2 cores busy'],
    [1, 1, '1.0 of 1 core busy'],
    [1.5, null, '1.5 cores busy']
  ])('coresBusy(%d, %s) = %s', (busy, cores, text) => {
    expect(formatMessage(coresBusy(busy, cores))).toBe(text);
  });
});

/**
 * The catalogue and the code that uses it, read as source text: an id is "used" where a source
 * file names it other than as the catalogue's key, and every id given to `message(...)` must be
 * the catalogue's (the compiler checks this too; the test also catches a cast or a template
 * literal that builds an id).
 */
describe('the catalogue and its uses', () => {
  const SRC = path.resolve(__dirname, '..');
  const sources = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        return entry.name === '__tests__' ? [] : sources(file);
      }
      return /\.tsx?$/.test(entry.name) && !/\.spec\.tsx?$/.test(entry.name)
        ? [fs.readFileSync(file, 'utf-8')]
        : [];
    });
  // The catalogue's own keys ("  'cell.position': ...") are definitions, not uses.
  const code = sources(SRC).join('\n');
  const uses = code.replace(/^\s*'[^']+':/gm, '');
  const ID = /'([a-z][\w-]*(?:\.[\w-]+)+)'/g;
  const named = new Set([...uses.matchAll(ID)].map(match => match[1]));

  it.each(Object.keys(MESSAGES))('%s is used', id => {
    expect(named.has(id)).toBe(true);
  });

  it('gives message(...) only literal ids of the catalogue', () => {
    const calls = [...code.matchAll(/\bmessage\(\s*([^,)]*)/g)].map(
      match => match[1]
    );
    expect(calls.length).toBeGreaterThan(100);
    for (const first of calls) {
      expect(first).not.toContain('`');
      const ids = [...first.matchAll(ID)].map(match => match[1]);
      // message(id, params) inside its own definition passes a variable: nothing to check.
      if (first.trim() !== 'id') {
        expect(ids.length).toBeGreaterThan(0);
      }
      for (const id of ids) {
        expect(Object.keys(MESSAGES)).toContain(id);
      }
    }
  });
});
