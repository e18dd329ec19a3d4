import type { TextFormat } from './format.js';

/** HTML and XHTML pages. */
export const html: TextFormat = {
  kind: 'text',
  id: 'html',
  title: 'HTML',
  extensions: ['.html', '.htm', '.xhtml'],
  reads: 'text (entities decoded), table cells judged with their `<th>`, attribute values, comments, scripts, `<meta>` content',
  sniff: (head) => /^<(?:!doctype\s+html|html|head|body|div|p|table|span|section|article|!--)[\s>]/i.test(head),
  load: async () => {
    const { HtmlExtractor } = await import('../extract/html.js');
    return () => new HtmlExtractor();
  },
};
