import { locate } from '../../src/shared/locate.js';
import type { Field } from '../../src/types.js';

/** Turns offsets of `doc` into line:column, counted independently of the extractors. */
function lineColumns(doc: string): (offset: number) => string {
  const newlines: number[] = [];
  for (let i = doc.indexOf('\n'); i !== -1; i = doc.indexOf('\n', i + 1)) newlines.push(i);
  return (offset) => {
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newlines[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return `${lo + 1}:${offset - (lo > 0 ? newlines[lo - 1]! : -1)}`;
  };
}

/**
 * Checks every field against the document it came from: a verbatim field is the slice at its
 * offset; a decoded field's `raw` is, and each character maps to itself or to the start of the
 * escape, entity or tag it was decoded from, and locate() finds it there. Returns one message per
 * mismatch (none when all agree).
 */
export function mispositioned(doc: string, fields: Field[]): string[] {
  const at = lineColumns(doc);
  const bad: string[] = [];
  for (const f of fields) {
    const name = JSON.stringify(f.text.slice(0, 40));
    if (`${f.line}:${f.column}` !== at(f.offset)) bad.push(`${name}: starts at ${f.line}:${f.column}, offset ${f.offset} is ${at(f.offset)}`);
    const raw = f.raw ?? f.text;
    if (doc.slice(f.offset, f.offset + raw.length) !== raw) {
      bad.push(`${name}: ${f.raw === undefined ? 'text' : 'raw'} is not the slice at offset ${f.offset}`);
      continue;
    }
    if (f.offsets && f.offsets.length !== f.text.length) bad.push(`${name}: ${f.offsets.length} offsets for ${f.text.length} characters`);
    // locate() scans the field from its start: check every character of small fields, a sample of big ones
    const step = Math.max(1, Math.floor(f.text.length / 500));
    for (let i = 0; i < f.text.length; i++) {
      const offset = f.offset + (f.offsets ? f.offsets[i]! : i);
      const c = doc[offset];
      if (c !== f.text[i] && c !== '\\' && c !== '&' && c !== '<') {
        bad.push(`${name}: text[${i}] ${JSON.stringify(f.text[i])} maps to ${JSON.stringify(c)} at offset ${offset}`);
        break;
      }
      if (i % step !== 0 && i !== f.text.length - 1) continue;
      const p = locate(f, i);
      if (`${p.line}:${p.column}` !== at(offset)) {
        bad.push(`${name}: text[${i}] located at ${p.line}:${p.column}, not ${at(offset)}`);
        break;
      }
    }
  }
  return bad;
}
