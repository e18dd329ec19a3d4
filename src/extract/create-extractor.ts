import type { Format } from '../types.js';
import { CsvExtractor } from './csv.js';
import type { Extractor } from './extractor.js';
import { HtmlExtractor } from './html.js';
import { JsonExtractor } from './json.js';
import { NdjsonExtractor } from './ndjson.js';
import { TextExtractor } from './text.js';

export interface ExtractorOptions {
  delimiter?: string;
  /** CSV: given the header labels, per column a regex of public values that need no scanning. */
  onHeader?: (labels: string[]) => (RegExp | undefined)[] | undefined;
}

/** The extractor for a format. */
export function createExtractor(format: Format, options: ExtractorOptions = {}): Extractor {
  switch (format) {
    case 'csv':
      return new CsvExtractor(options.delimiter, options.onHeader);
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
