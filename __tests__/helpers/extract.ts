import { lineMessage } from '../../src/extract/extractor.js';
import { extractorFactory, TEXT_FORMATS } from '../../src/formats/registry.js';
import type { ExtractorFactory } from '../../src/formats/format.js';
import { locate } from '../../src/shared/locate.js';
import type { Field, Format } from '../../src/types.js';

// every text format's extractor, loaded once, as the scan loads it (src/formats/registry.ts); one
// after the other, as jest's ESM loader fails modules shared by graphs linked at once (jestjs/jest#11434)
const factories = new Map<Format, ExtractorFactory>();
for (const f of TEXT_FORMATS) factories.set(f.id, await extractorFactory(f.id));

/** Runs an extractor over text cut into chunks of `chunk` characters (to exercise streaming). */
export function extract(format: Format, text: string, chunk = text.length || 1, delimiter?: string): { fields: Field[]; warnings: string[] } {
  const ex = factories.get(format)!(delimiter ? { delimiter } : {});
  const fields: Field[] = [];
  // a loop, not push(...spread): a chunk may complete more fields than a call takes arguments
  for (let i = 0; i < text.length; i += chunk) for (const f of ex.push(text.slice(i, i + chunk))) fields.push(f);
  for (const f of ex.end()) fields.push(f);
  return { fields, warnings: ex.warnings.map((w) => `${w.code}: ${lineMessage(w.message)}`) };
}

/** Position (line:column) of the first occurrence of `needle` inside a field's text. */
export function where(field: Field, needle: string): string {
  const i = field.text.indexOf(needle);
  if (i === -1) throw new Error(`${JSON.stringify(needle)} not in ${JSON.stringify(field.text)}`);
  const p = locate(field, i);
  return `${p.line}:${p.column}`;
}

/** Position of the n-th occurrence (1-based) of `needle` in the original text. */
export function positionIn(text: string, needle: string, nth = 1): string {
  let i = -1;
  for (let k = 0; k < nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i === -1) throw new Error(`${JSON.stringify(needle)} occurs fewer than ${nth} times`);
  }
  const before = text.slice(0, i);
  const line = before.split('\n').length;
  const column = i - before.lastIndexOf('\n');
  return `${line}:${column}`;
}

/** The field whose text contains `needle`. */
export function fieldWith(fields: Field[], needle: string): Field {
  const f = fields.find((x) => x.text.includes(needle));
  if (!f) throw new Error(`no field contains ${JSON.stringify(needle)}; fields: ${JSON.stringify(fields.map((x) => x.text))}`);
  return f;
}
