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
    const [{ NdjsonExtractor }, html] = await Promise.all([import('../extract/ndjson.js'), import('../extract/html.js')]);
    return (o) => new NdjsonExtractor(html, o.onList);
  },
};
