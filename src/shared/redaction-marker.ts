import type { Category } from '../types.js';

/** The marker that stands in for a redacted value (what `leakgate redact` writes). */
export function redactionMarker(category: Category): string {
  return `[REDACTED:${category}]`;
}

/** Redaction markers, as redact writes them (and a bare `[REDACTED]`). */
const MARKERS = /\[REDACTED(?::[a-z-]+)?\]/gi;

/** A text with every redaction marker in it taken out (`[REDACTED:person-name] - [REDACTED:phone]` → ` - `). */
export function withoutMarkers(text: string): string {
  return text.indexOf('[') === -1 ? text : text.replace(MARKERS, ' ');
}
