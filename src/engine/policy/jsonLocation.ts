/**
 * Finds where JSON text stops being valid, because Node's JSON.parse messages no longer carry a
 * position. A small validating scanner (no values built); returns the offset of the first error.
 */
export function firstJsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const ws = () => { while (i < text.length && ' \t\n\r'.includes(text[i] ?? '')) i++; };
  const fail = (): never => { throw new Error('json'); };
  const expect = (word: string) => { if (text.startsWith(word, i)) i += word.length; else fail(); };
  const string = () => {
    expect('"');
    while (i < text.length && text[i] !== '"') {
      const ch = text[i] ?? '';
      if (ch < ' ') fail();
      i += ch === '\\' ? 2 : 1;
    }
    expect('"');
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match) fail();
    i += match?.[0].length ?? 0;
  };
  const value = (depth: number): void => {
    if (depth > 512) fail();
    ws();
    const ch = text[i];
    if (ch === '{') return container('}', depth, () => { ws(); string(); ws(); expect(':'); value(depth + 1); });
    if (ch === '[') return container(']', depth, () => value(depth + 1));
    if (ch === '"') return string();
    if (ch === 't') return expect('true');
    if (ch === 'f') return expect('false');
    if (ch === 'n') return expect('null');
    return number();
  };
  const container = (close: string, _depth: number, item: () => void) => {
    i++;
    ws();
    if (text[i] === close) { i++; return; }
    for (;;) {
      item();
      ws();
      if (text[i] === ',') { i++; continue; }
      expect(close);
      return;
    }
  };
  try {
    value(0);
    ws();
    return i < text.length ? i : undefined;
  } catch {
    return Math.min(i, text.length);
  }
}

export function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before[before.length - 1]?.length ?? 0) + 1}`;
}
