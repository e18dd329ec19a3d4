import type { TextFormat } from './format.js';
import { looksNdjson } from './ndjson.js';

/** JSON (RFC 8259) and GeoJSON. */
export const json: TextFormat = {
  kind: 'text',
  id: 'json',
  title: 'JSON, GeoJSON',
  extensions: ['.json', '.geojson'],
  reads: 'every string and number, judged with its key path (`$.priorities[3].issue`); keys themselves; HTML inside strings, as HTML',
  sniff: (head) => /^[{[]/.test(head) && !looksNdjson(head),
  load: async () => {
    // one after the other: jest's ESM loader (vm modules) fails a module shared by two graphs it
    // links at once ("request for … is not in cache", jestjs/jest#11434); html.js imports json.js
    const html = await import('../extract/html.js');
    const { JsonExtractor } = await import('../extract/json.js');
    // once a thread, before the first file: the parser is then compiled once, not again at each path it meets late
    (await import('../extract/json-warm.js')).warmJson(html);
    return (o) => new JsonExtractor({ html, ...(o.onList ? { onList: o.onList } : {}), ...(o.recordsDepth ? { recordsDepth: o.recordsDepth } : {}) });
  },
};
