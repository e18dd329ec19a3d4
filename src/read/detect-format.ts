import path from 'node:path';
import type { Format } from '../types.js';

const BY_EXTENSION: Readonly<Record<string, Format>> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.tab': 'csv',
  '.json': 'json',
  '.geojson': 'json',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
};

/** Extensions that are text whatever they hold: never sniffed into another format. */
const TEXT_EXTENSIONS = new Set(['.txt', '.text', '.log', '.md', '.markdown', '.rst', '.xml', '.yaml', '.yml', '.ini', '.cfg', '.conf', '.sql', '.js', '.ts', '.py', '.sh']);

/** The format a file name says, or undefined when its content must decide. */
export function formatFromName(name: string): Format | undefined {
  const ext = path.extname(name).toLowerCase();
  if (BY_EXTENSION[ext]) return BY_EXTENSION[ext];
  if (TEXT_EXTENSIONS.has(ext)) return 'text';
  return undefined;
}

/** Guesses the format of a file with no telling extension from the start of its text. */
export function sniffFormat(head: string): Format {
  const t = head.replace(/^\uFEFF/, '').trimStart();
  if (/^[{[]/.test(t)) {
    const lines = t.split('\n').filter((l) => l.trim());
    return lines.length > 1 && lines.slice(0, 5).every((l) => /^\s*\{/.test(l)) ? 'ndjson' : 'json';
  }
  if (/^<(?:!doctype\s+html|html|head|body|div|p|table|span|section|article|!--)[\s>]/i.test(t)) return 'html';
  return 'text';
}

/** The delimiter a file name implies (tab for .tsv), if any. */
export function delimiterFromName(name: string): string | undefined {
  const ext = path.extname(name).toLowerCase();
  return ext === '.tsv' || ext === '.tab' ? '\t' : undefined;
}
