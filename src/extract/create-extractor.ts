import type { Format, Matcher } from '../types.js';
import { CsvExtractor } from './csv.js';
import type { Extractor } from './extractor.js';
import { JsonExtractor } from './json.js';
import { NdjsonExtractor } from './ndjson.js';
import { TextExtractor } from './text.js';

export interface ExtractorOptions {
  delimiter?: string;
  /** CSV: given the header labels, per column a regex of public values that need no scanning. */
  onHeader?: (labels: string[]) => (Matcher | undefined)[] | undefined;
  /** CSV: whether a rule finds personal data in a cell (a first row holding some is a record). */
  findsData?: (cell: string) => boolean;
}

/**
 * The extractor for a format. The HTML parser is loaded only for formats that can hold HTML
 * (HTML, and JSON whose strings may): a CSV or text scan, as in a pre-commit hook, starts faster.
 */
export async function createExtractor(format: Format, options: ExtractorOptions = {}): Promise<Extractor> {
  const html = format === 'csv' || format === 'text' ? undefined : await import('./html.js');
  return extractorFor(format, options, html);
}

/** The extractor for a format, given the HTML module when the format needs it. */
export function extractorFor(format: Format, options: ExtractorOptions, html: typeof import('./html.js') | undefined): Extractor {
  switch (format) {
    case 'csv':
      return new CsvExtractor(options.delimiter, options.onHeader, options.findsData);
    case 'json':
      return new JsonExtractor(html ? { html } : {});
    case 'ndjson':
      return new NdjsonExtractor(html);
    case 'html':
      if (!html) throw new Error('the HTML extractor needs the HTML module');
      return new html.HtmlExtractor();
    case 'text':
      return new TextExtractor();
  }
}
