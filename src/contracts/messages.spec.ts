import {
  cellParam,
  formatMessage,
  lineParam,
  MESSAGES,
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
