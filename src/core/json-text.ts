/**
 * JSON text as results.json is written: objects indented one space per level, arrays of plain
 * values (numbers, strings, null) on one line, NaN and Infinity as null, typed arrays as plain
 * arrays. Per-bar columns of a million values then stay one line each instead of a million.
 */
export function toJson(value: unknown): string {
  const parts: string[] = [];
  write(value, '', parts);
  return parts.join('');
}

function isPlain(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

function scalar(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return 'null';
  return JSON.stringify(value);
}

function write(value: unknown, indent: string, out: string[]): void {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(): unknown }).toJSON();
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) value = Array.from(value as unknown as ArrayLike<number>);
  if (isPlain(value)) {
    out.push(scalar(value));
    return;
  }
  const inner = `${indent} `;
  if (Array.isArray(value)) {
    if (value.every(isPlain)) {
      // The native writer already turns NaN, Infinity and undefined inside arrays into null.
      out.push(JSON.stringify(value));
      return;
    }
    if (value.length === 0) {
      out.push('[]');
      return;
    }
    out.push('[');
    value.forEach((item, i) => {
      out.push(i === 0 ? `\n${inner}` : `,\n${inner}`);
      write(item, inner, out);
    });
    out.push(`\n${indent}]`);
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (entries.length === 0) {
    out.push('{}');
    return;
  }
  out.push('{');
  entries.forEach(([key, item], i) => {
    out.push(`${i === 0 ? '' : ','}\n${inner}${JSON.stringify(key)}: `);
    write(item, inner, out);
  });
  out.push(`\n${indent}}`);
}
