import { diffLines, foldUnchanged, IDiffLine } from '../diffLines';

function render(lines: IDiffLine[] | null): string[] {
  return (lines ?? []).map(l =>
    l.kind === 'skipped'
      ? `… ${l.count}`
      : `${{ same: ' ', add: '+', del: '-' }[l.kind]}${l.text}`
  );
}

describe('diffLines', () => {
  it('marks kept, removed and added lines', () => {
    expect(render(diffLines('a\nb\nc', 'a\nB\nc\nd'))).toEqual([
      ' a',
      '-b',
      '+B',
      ' c',
      '+d'
    ]);
  });

  it('keeps a last line without a newline apart from the next one', () => {
    // The case a plain unified diff prints as "-old+new" on one line.
    expect(render(diffLines('# T\n\nBody', '# T\n\nBody\n\nMore'))).toEqual([
      ' # T',
      ' ',
      ' Body',
      '+',
      '+More'
    ]);
  });

  it('treats a trailing newline as the end of the last line', () => {
    expect(render(diffLines('a\n', 'a'))).toEqual([' a']);
  });

  it('compares an added or removed cell with nothing', () => {
    expect(render(diffLines('', 'x\ny'))).toEqual(['+x', '+y']);
    expect(render(diffLines('x', ''))).toEqual(['-x']);
  });

  it('declines sources too large to compare here', () => {
    const big = Array.from({ length: 600 }, (_, i) => `line ${i}`).join('\n');

    expect(diffLines(big, `${big}\nmore`)).toBeNull();
  });
});

describe('foldUnchanged', () => {
  it('folds long unchanged stretches around the changes', () => {
    const before = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const after = [...before];
    after[10] = 'changed';

    expect(
      render(
        foldUnchanged(diffLines(before.join('\n'), after.join('\n')) ?? [])
      )
    ).toEqual(['… 8', ' l8', ' l9', '-l10', '+changed', ' l11', ' l12', '… 7']);
  });

  it('leaves short stretches as they are', () => {
    expect(
      render(foldUnchanged(diffLines('a\nb\nc', 'a\nB\nc') ?? []))
    ).toEqual([' a', '-b', '+B', ' c']);
  });
});
