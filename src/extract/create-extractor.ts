import type { Format } from '../types.js';
import { CsvExtractor } from './csv.js';
import type { Extractor } from './extractor.js';
import { HtmlExtractor } from './html.js';
import { JsonExtractor } from './json.js';
import { NdjsonExtractor } from './ndjson.js';
import { TextExtractor } from './text.js';

/** The extractor for a format. */
export function createExtractor(format: Format, options: { delimiter?: string } = {}): Extractor {
  switch (format) {
    case 'csv':
      return new CsvExtractor(options.delimiter);
    case 'json':
      return new JsonExtractor();
    case 'ndjson':
      return new NdjsonExtractor();
    case 'html':
      return new HtmlExtractor();
    case 'text':
      return new TextExtractor();
  }
}
