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
    const [{ JsonExtractor }, html] = await Promise.all([import('../extract/json.js'), import('../extract/html.js')]);
    return (o) => new JsonExtractor({ html, ...(o.onList ? { onList: o.onList } : {}), ...(o.recordsDepth ? { recordsDepth: o.recordsDepth } : {}) });
  },
};
