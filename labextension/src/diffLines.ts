/**
 * A line-by-line comparison of two versions of a cell, for display.
 *
 * The server says which cells changed; this only lays the two sources side by side as
 * kept, removed and added lines, with long unchanged stretches folded.
 */

/**
 * One line of a displayed diff; `skipped` stands for folded unchanged lines.
 */
export interface IDiffLine {
  kind: 'same' | 'add' | 'del' | 'skipped';
  text: string;
  /**
   * For `skipped`: how many lines are folded.
   */
  count?: number;
}

/**
 * Above this many line pairs the comparison is not attempted (the caller shows the
 * server's patch instead): cells that large are rare and the table grows quadratically.
 */
export const MAX_CELLS = 250_000;

function split(text: string): string[] {
  if (text === '') {
    return [];
  }
  const lines = text.split('\n');
  // A trailing newline ends the last line; it does not start another.
  if (lines.length > 1 && lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines;
}

/**
 * The lines of `before` and `after` marked as kept, removed or added (longest common
 * subsequence), or null when the sources are too large to compare here.
 */
export function diffLines(before: string, after: string): IDiffLine[] | null {
  const a = split(before);
  const b = split(after);
  if (a.length * b.length > MAX_CELLS) {
    return null;
  }
  // lcs[i][j]: length of the longest common subsequence of a[i:] and b[j:].
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0)
  );
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] =
        a[i] === b[j]
          ? lcs[i + 1][j + 1] + 1
          : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: IDiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i] });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      out.push({ kind: 'del', text: a[i++] });
    } else {
      out.push({ kind: 'add', text: b[j++] });
    }
  }
  while (i < a.length) {
    out.push({ kind: 'del', text: a[i++] });
  }
  while (j < b.length) {
    out.push({ kind: 'add', text: b[j++] });
  }
  return out;
}

/**
 * Fold runs of unchanged lines longer than twice `context`, keeping `context` lines on
 * each side of every change.
 */
export function foldUnchanged(lines: IDiffLine[], context = 2): IDiffLine[] {
  const out: IDiffLine[] = [];
  let run: IDiffLine[] = [];
  const flush = (atStart: boolean, atEnd: boolean) => {
    const keepHead = atStart ? 0 : context;
    const keepTail = atEnd ? 0 : context;
    if (run.length > keepHead + keepTail + 1) {
      out.push(...run.slice(0, keepHead));
      out.push({
        kind: 'skipped',
        text: '',
        count: run.length - keepHead - keepTail
      });
      out.push(...run.slice(run.length - keepTail));
    } else {
      out.push(...run);
    }
    run = [];
  };
  let seenChange = false;
  for (const line of lines) {
    if (line.kind === 'same') {
      run.push(line);
    } else {
      flush(!seenChange, false);
      seenChange = true;
      out.push(line);
    }
  }
  flush(!seenChange, true);
  return out;
}
