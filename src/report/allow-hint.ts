import { normalizeName } from '../shared/field-name.js';
import type { Finding } from '../types.js';

/** Findings judged by their column; a name finding (the header itself) is not a column's values. */
const OF_VALUES = (f: Finding): boolean => f.category !== 'sensitive-field' && f.category !== 'unexpected-field' && f.where !== 'name';
/** At most this many columns are offered, and only when they hold at least this share of the findings. */
const MAX_COLUMNS = 3;
const MIN_SHARE = 0.5;
const MIN_FINDINGS = 10;
/** Distinct columns counted at most: a report of millions of findings keeps a bounded map. */
const MAX_TRACKED = 5000;

export interface AllowHint {
  /** Findings the offered columns hold, and all findings of the report. */
  covered: number;
  total: number;
  /** The `.leakgate.json` lines, one `allow.fields` entry a column: `{ "file": …, "field": "^telephone$" }`. */
  entries: string[];
}

/**
 * Counts findings per file and column as a report is written, and says (issue 15) whether most
 * come from a few columns: then the report ends with the exact `allow.fields` entries that would
 * accept those columns as public by design in their files, so that a true "this column is public"
 * takes one edit and everything else still fails. Labels that are not column names (a headerless
 * file's `#2`, a label masked because it holds data) are never offered.
 */
export class AllowHintTally {
  private total = 0;
  private readonly byColumn = new Map<string, { file: string; field: string; count: number }>();

  add(f: Finding): void {
    this.total++;
    if (!OF_VALUES(f) || f.field === undefined) return;
    const leaf = leafName(f.field);
    if (!leaf) return;
    const key = `${f.file}\u0000${leaf}`;
    const c = this.byColumn.get(key);
    if (c) c.count++;
    else if (this.byColumn.size < MAX_TRACKED) this.byColumn.set(key, { file: f.file, field: leaf, count: 1 });
  }

  /** The hint, when at most three columns hold at least half of the findings (and there are ten or more). */
  hint(): AllowHint | undefined {
    if (this.total < MIN_FINDINGS) return undefined;
    // ties by path in code-unit order, the same on every machine: localeCompare's first call loads
    // ICU's locale data, a sixth of a one-file scan's start-up (issue 16)
    const top = [...this.byColumn.values()].sort((a, b) => b.count - a.count || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)).slice(0, MAX_COLUMNS);
    // the fewest columns that reach the share
    let covered = 0;
    const chosen: typeof top = [];
    for (const c of top) {
      chosen.push(c);
      covered += c.count;
      if (covered >= this.total * MIN_SHARE) break;
    }
    if (covered < this.total * MIN_SHARE) return undefined;
    return { covered, total: this.total, entries: chosen.map((c) => JSON.stringify({ file: c.file, field: `^${escapeRegExp(c.field)}$` }).replace(/^\{/, '{ ').replace(/\}$/, ' }').replace(/,"/g, ', "').replace(/":/g, '": ')) };
  }
}

/** The name a field label's column or key is matched by: `$[3].FOI_Email_Address` → `foi email address`. */
function leafName(label: string): string {
  // a headerless file's column number, or a label masked because it holds data, names no column
  if (/^#\d+$/.test(label) || label.includes('*')) return '';
  const leaf = label.replace(/\[[^\]]*\]/g, '').split('.').filter(Boolean).pop() ?? '';
  return normalizeName(leaf === '$' ? '' : leaf);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The hint as text lines (the text report's last lines before the verdict). */
export function hintLines(h: AllowHint): string[] {
  return [
    `Most findings (${h.covered} of ${h.total}) come from ${h.entries.length} column${h.entries.length === 1 ? '' : 's'}. If ${h.entries.length === 1 ? 'it is' : 'they are'} public by design, accept ${h.entries.length === 1 ? 'it' : 'them'} in .leakgate.json (everything else still fails):`,
    '  "allow": { "fields": [',
    ...h.entries.map((e, i) => `    ${e}${i < h.entries.length - 1 ? ',' : ''}`),
    '  ] }',
  ];
}
