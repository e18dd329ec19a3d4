import type { TextFormat } from './format.js';

/** Lines of JSON (NDJSON, JSON Lines): a file whose first lines each hold an object. */
export function looksNdjson(head: string): boolean {
  const lines = head.split('\n').filter((l) => l.trim());
  return lines.length > 1 && lines.slice(0, 5).every((l) => /^\s*\{/.test(l));
}

export const ndjson: TextFormat = {
  kind: 'text',
  id: 'ndjson',
  title: 'NDJSON, JSON Lines',
  extensions: ['.ndjson', '.jsonl'],
  reads: 'each line as a JSON document (`$[3].name`: the record number), read as JSON is',
  sniff: (head) => /^[{[]/.test(head) && looksNdjson(head),
  load: async () => {
    // one after the other: jest's ESM loader (vm modules) fails a module shared by two graphs it
    // links at once ("request for … is not in cache", jestjs/jest#11434); html.js imports json.js
    const html = await import('../extract/html.js');
    const { NdjsonExtractor } = await import('../extract/ndjson.js');
    // once a thread, before the first file: the parser is then compiled once, not again at each path it meets late
    (await import('../extract/json-warm.js')).warmJson(html);
    return (o) => new NdjsonExtractor(html, o.onList);
  },
};
