import { locate } from '../../src/extract/position.js';
import type { Field } from '../../src/types.js';

/** Line:column of an offset of `doc`, counted independently of the extractors. */
function lineColumn(doc: string, offset: number): string {
  const before = doc.slice(0, offset);
  return `${before.split('\n').length}:${offset - before.lastIndexOf('\n')}`;
}

/**
 * Checks every field against the document it came from: a verbatim field is the slice at its
 * offset; a decoded field's `raw` is, and each character maps to itself or to the start of the
 * escape, entity or tag it was decoded from. Returns one message per mismatch (none when all agree).
 */
export function mispositioned(doc: string, fields: Field[]): string[] {
  const bad: string[] = [];
  for (const f of fields) {
    const name = JSON.stringify(f.text.slice(0, 40));
    const start = lineColumn(doc, f.offset);
    if (`${f.line}:${f.column}` !== start) bad.push(`${name}: starts at ${f.line}:${f.column}, offset ${f.offset} is ${start}`);
    const raw = f.raw ?? f.text;
    if (doc.slice(f.offset, f.offset + raw.length) !== raw) {
      bad.push(`${name}: ${f.raw === undefined ? 'text' : 'raw'} is not the slice at offset ${f.offset}`);
      continue;
    }
    if (f.offsets && f.offsets.length !== f.text.length) bad.push(`${name}: ${f.offsets.length} offsets for ${f.text.length} characters`);
    for (let i = 0; i < f.text.length; i++) {
      const at = f.offset + (f.offsets ? f.offsets[i]! : i);
      const c = doc[at];
      if (c !== f.text[i] && c !== '\\' && c !== '&' && c !== '<') {
        bad.push(`${name}: text[${i}] ${JSON.stringify(f.text[i])} maps to ${JSON.stringify(c)} at offset ${at}`);
        break;
      }
      const p = locate(f, i);
      if (`${p.line}:${p.column}` !== lineColumn(doc, at)) {
        bad.push(`${name}: text[${i}] located at ${p.line}:${p.column}, not ${lineColumn(doc, at)}`);
        break;
      }
    }
  }
  return bad;
}
