import * as html from '../../src/extract/html.js';
import { JsonExtractor } from '../../src/extract/json.js';
import { warmJson } from '../../src/extract/json-warm.js';
import { NdjsonExtractor } from '../../src/extract/ndjson.js';
import type { Field } from '../../src/types.js';

/** Everything a field says, for comparing two runs. */
function summary(fields: Field[]): unknown[] {
  return fields.map((f) => [f.text, f.line, f.column, f.offset, f.label, f.record, f.ctx, f.siblings, f.holds, f.raw, f.offsets && [...f.offsets]]);
}

function scanJson(doc: string): unknown[] {
  const ex = new JsonExtractor({ html });
  return summary(ex.push(doc).concat(ex.end()));
}

function scanLines(doc: string): unknown[] {
  const ex = new NdjsonExtractor(html);
  return summary(ex.push(doc).concat(ex.end()));
}

describe('JSON warm-up', () => {
  // the warm-up's sample is read where a file's records are (a top-level array of objects, top-level
  // objects): it leaves keys learnt and contexts kept there, which must change no field
  const records = '[{"name": "Ann Example", "note": "<p>Call 07700 900123</p>", "n": 1, "esc": "a\\"b"},\n {"name": "Bo", "at": {"pc": "AB1 2CD"}, "list": ["x", 2]}]';
  const lines = '{"name": "Ann Example", "tags": ["a"], "at": {"pc": "AB1 2CD"}}\n{"leakgate warm-up": "v", "name": "Cy"}\n';

  it('changes none of the fields that files read before it gave', () => {
    const json = scanJson(records);
    const ndjson = scanLines(lines);
    expect(json.length).toBeGreaterThan(10);
    warmJson(html);
    expect(scanJson(records)).toEqual(json);
    expect(scanLines(lines)).toEqual(ndjson);
    // once a thread: a second call does nothing
    warmJson(html);
    expect(scanJson(records)).toEqual(json);
  });
});
