import type { RawMatch } from '../types.js';
import { matchSpan } from './match-span.js';
import { ownString } from '../shared/own-string.js';
import { mask } from './mask.js';
import { LETTER_OR_DIGIT } from '../shared/letter-regexp.js';

/**
 * Detection as the masker needs it: the matches of the rules in one label or name, judged as text
 * of its own (a field whose context is `where: 'name'`), by the pattern rules alone.
 */
export type Detect = (text: string) => RawMatch[];

/** Labels and names remembered with their masked form; the same few come back on every record. */
const MAX_CACHED = 10000;

/**
 * Masks what the scanned data puts into a report besides its values: field labels (a CSV header,
 * a JSON key path, an HTML attribute name), file, folder and archive entry names, and messages.
 * Each is run through the same pattern rules as the data, once (cached), and every span a rule
 * finds is masked as that rule's category masks a value, so `$.AB123456C.phone` is reported as
 * `$.AB******C.phone` and a folder `Mrs Jane Doe` as `M** J*** D**`. Applied where
 * findings are made, so no report format can print a raw label.
 */
export class TextMasker {
  private readonly cache = new Map<string, string>();

  constructor(private readonly detect: Detect) {}

  /** A label with its findings masked; array indexes (`[17]`, which leakgate writes) are kept. */
  label(text: string): string {
    if (!/\[\d+\]/.test(text)) return this.piece(text);
    return text.split(/(\[\d+\])/).map((p, i) => (i % 2 === 1 ? p : this.piece(p))).join('');
  }

  /** A display path (`bundle/a.zip!/x.csv`) with each name in it masked. */
  path(display: string): string {
    return display.split('/').map((p) => this.piece(p)).join('/');
  }

  /** The pattern matches in one piece of text (a name), as findings of their own. */
  matches(text: string): RawMatch[] {
    if (!LETTER_OR_DIGIT.test(text)) return [];
    return this.detect(text).filter((m) => m.kind === 'pattern');
  }

  private piece(text: string): string {
    let masked = this.cache.get(text);
    if (masked === undefined) {
      masked = maskSpans(text, this.matches(text));
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      // a label cut from a file's text would keep that text alive as long as the cache holds it
      const key = ownString(text);
      this.cache.set(key, masked === text ? key : ownString(masked));
    }
    return masked;
  }
}

/**
 * `text` with each match's span masked by its category's mask; overlapping spans merge. Spans
 * are taken in `text` itself, through the field's map when normalisation rewrote it (a full-width
 * digit, an escape): the original characters are masked.
 */
export function maskSpans(text: string, matches: RawMatch[]): string {
  if (matches.length === 0) return text;
  const spans = matches.map((m) => ({ ...matchSpan(m), category: m.category })).sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (const s of spans) {
    if (s.end <= at) continue;
    const start = Math.max(s.start, at);
    // a names-only category (a user rule may claim one) masks word by word, as names do
    const category = s.category === 'sensitive-field' || s.category === 'unexpected-field' ? 'person-name' : s.category;
    out += text.slice(at, start) + mask(text.slice(start, s.end), category);
    at = s.end;
  }
  return out + text.slice(at);
}
