// Where each value of a JSON text starts (line and column, from 1), by the path our issues print
// (`scenes[0].floors[1].source`), so the command line can point into the marketer's file.
// Throws a SyntaxError with the line and column when the text is not JSON.

/** @returns {Map<string, { line: number; column: number }>} */
export function jsonPositions(text) {
  const positions = new Map();
  let i = 0;
  const lineStarts = [0];
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) === 10) lineStarts.push(k + 1);
  const where = (offset) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
  };
  const fail = (message) => {
    const { line, column } = where(i);
    throw new SyntaxError(`${message} at line ${line}, column ${column}`);
  };
  const space = () => {
    while (i < text.length && ' \t\n\r\uFEFF'.includes(text[i])) i++;
  };
  const string = () => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail('unterminated string');
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const join = (path, key) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);
  const value = (path) => {
    space();
    positions.set(path || '(root)', where(i));
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') return void i++;
      for (;;) {
        space();
        if (text[i] !== '"') fail('expected a "quoted" field name');
        const keyAt = where(i);
        const key = string();
        space();
        if (text[i] !== ':') fail(`expected ":" after "${key}"`);
        i++;
        value(join(path, key));
        positions.set(join(path, key), keyAt); // point at the field's name
        space();
        if (text[i] === ',') (i++);
        else if (text[i] === '}') return void i++;
        else fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++;
      space();
      if (text[i] === ']') return void i++;
      for (let n = 0; ; n++) {
        value(join(path, n));
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail('expected "," or "]"');
      }
    }
    if (c === '"') return void string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 64));
    if (!literal) fail(i >= text.length ? 'unexpected end of text' : `unexpected ${JSON.stringify(text[i])}`);
    i += literal[0].length;
  };
  value('');
  space();
  if (i < text.length) fail('text after the end of the JSON');
  return positions;
}

/** The position of `path`, or of its nearest parent that has one. */
export function positionOf(positions, path) {
  for (let p = path; p; p = p.replace(/(\[\d+\]|\.[^.[\]]+|^[^.[\]]+)$/, '')) {
    const found = positions.get(p);
    if (found) return found;
  }
  return positions.get('(root)') ?? { line: 1, column: 1 };
}
