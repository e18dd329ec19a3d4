import type { Severity } from '../types.js';

/** Styling a formatter may ask for; the CLI supplies colours, tests and files get plain text. */
export interface Paint {
  severity(s: Severity, text: string): string;
  bold(text: string): string;
  dim(text: string): string;
  ok(text: string): string;
  bad(text: string): string;
}

const same = (_: unknown, text?: string): string => (text === undefined ? String(_) : text);

/** No styling at all. */
export const PLAIN: Paint = {
  severity: (_s, text) => text,
  bold: same,
  dim: same,
  ok: same,
  bad: same,
};
