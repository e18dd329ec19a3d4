// A warm-up of the JSON extractor, once per thread, before it reads a file: V8 optimises the
// parser on the paths the first files ran, and when a later value takes one they never did (the
// first escape, the first value over 200 characters, the first HTML string with no text, the first
// new place of the tree) it throws that code away and compiles it again. The parser is the largest
// function TurboFan compiles in a scan (about 70 ms a compile); on json-files-5000 it and the
// functions it inlines were compiled 14 times, 5 of them after such a path (issue 16).
import type { HtmlReader } from './json.js';
import { JsonExtractor } from './json.js';
import { NdjsonExtractor } from './ndjson.js';

/**
 * One of each kind of value and of each rare path, under a key no file has, so that the places of
 * the tree it makes (json-run-scopes.ts) are its own: the objects of a top-level array learn its
 * one key as their first, which a file's first object replaces with its own.
 */
const SAMPLE = `{"leakgate warm-up": {"text": "a value", "number": 12, "negative": -3.5e2, "yes": true, "no": false, "none": null, "empty": "",
  "escaped": "a line\\nbreak, \\"quoted\\", caf\\u00e9, a back\\\\slash", "esc\\u0061ped key": "x",
  "long": "${'long text, '.repeat(24)}",
  "html": "<p>Some text</p><p>and more</p>", "markup": "<div>A <b>tag</b> &amp; an entity</div>", "no text": "<br>",
  "list": ["one", 2, true, null, ["nested"], {"in": "an array"}, [], {}],
  "records": [{"id": "r1", "at": {"pc": "x1"}}, {"id": "r2", "at": {"pc": "x2"}, "more": 3}]}}`;

let warmed = false;

/** Runs the sample through the JSON and the NDJSON extractors, the first time only; the fields are dropped. */
export function warmJson(html: HtmlReader): void {
  if (warmed) return;
  warmed = true;
  const doc = `[${SAMPLE}, "top", 7]`;
  const json = new JsonExtractor({ html });
  // in two pieces, as a file bigger than a piece is read
  json.push(doc.slice(0, 200));
  json.push(doc.slice(200));
  json.end();
  const lines = new NdjsonExtractor(html);
  lines.push(`${SAMPLE.replace(/\n/g, '')}\n${SAMPLE.replace(/\n/g, '')}\n`);
  lines.end();
}
