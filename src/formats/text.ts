import type { TextFormat } from './format.js';

/**
 * Plain text, and the fallback for text the other formats do not claim. These extensions are
 * text whatever they hold: never sniffed into another format (a `.log` line starting with `{`).
 */
export const text: TextFormat = {
  kind: 'text',
  id: 'text',
  title: 'text',
  extensions: ['.txt', '.text', '.log', '.md', '.markdown', '.rst', '.xml', '.yaml', '.yml', '.ini', '.cfg', '.conf', '.sql', '.js', '.ts', '.py', '.sh'],
  reads: 'every line; any other text file too (a file of no known extension is sniffed: JSON, NDJSON, HTML, else text)',
  load: async () => {
    const { TextExtractor } = await import('../extract/text.js');
    return () => new TextExtractor();
  },
};
