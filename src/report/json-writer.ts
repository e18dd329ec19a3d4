import type { Out } from './report-stream.js';

/** An array written item by item as it is read, never held whole. */
export class StreamedArray<T> {
  constructor(readonly items: () => Iterable<T>, readonly map: (item: T) => unknown = (x) => x) {}
}

/**
 * Writes `value` exactly as `JSON.stringify(value, null, 2)` would, nested `level` deep, except
 * that a StreamedArray anywhere in it is written one item at a time: a report of millions of
 * findings never becomes one string (V8 strings stop at 512 MiB: "Invalid string length").
 */
export function writePrettyJson(out: Out, value: unknown, level = 0): void {
  const pad = '  '.repeat(level);
  if (value instanceof StreamedArray) {
    const inner = `${pad}  `;
    let first = true;
    for (const item of value.items()) {
      const json = JSON.stringify(value.map(item), null, 2) ?? 'null';
      out(`${first ? '[' : ','}\n${inner}${indent(json, inner)}`);
      first = false;
    }
    out(first ? '[]' : `\n${pad}]`);
    return;
  }
  if (!holdsStream(value)) {
    out(indent(JSON.stringify(value, null, 2) ?? 'null', pad));
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out(`${i === 0 ? '[' : ','}\n${pad}  `);
      writePrettyJson(out, v ?? null, level + 1);
    });
    out(value.length === 0 ? '[]' : `\n${pad}]`);
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== 'function');
  entries.forEach(([k, v], i) => {
    out(`${i === 0 ? '{' : ','}\n${pad}  ${JSON.stringify(k)}: `);
    writePrettyJson(out, v, level + 1);
  });
  out(entries.length === 0 ? '{}' : `\n${pad}}`);
}

function holdsStream(value: unknown): boolean {
  if (value instanceof StreamedArray) return true;
  if (value === null || typeof value !== 'object') return false;
  return Object.values(value).some(holdsStream);
}

/** Indents every line but the first (JSON.stringify's output, placed after `pad`). */
function indent(json: string, pad: string): string {
  return pad === '' ? json : json.replace(/\n/g, `\n${pad}`);
}
