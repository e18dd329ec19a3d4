import { createHash } from 'node:crypto';
import { CONFIDENCES, SEVERITIES, type Finding, type Report, type Severity } from '../types.js';
import { COLUMN, SCRIPT, STYLE } from './html-assets.js';
import { esc, scriptJson, visible } from './html-escape.js';
import { AllowHintTally } from './allow-hint.js';
import { nextStepsSection } from './html-next-steps.js';
import {
  countsSection, fieldKey, findingsSection, heatSection, problemsSection, rulesSection, sorted, summarySection, type Tally,
} from './html-sections.js';
import type { RuleMeta } from './rule-meta.js';
import { verdictOf } from './text.js';
import { describePlace, documentOf } from './where-words.js';

export interface HtmlContext {
  /** Loaded rules: the page says what each rule that fired finds and why it matters. */
  rules: RuleMeta[];
  toolVersion: string;
}

/** An HTML report built one finding at a time: `add` each (in report order), then `finish`. */
export interface HtmlReportWriter {
  add(finding: Finding): void;
  /** The page, in pieces to write one after the other, from the report's other parts. */
  finish(rest: Omit<Report, 'findings'>): string[];
}

/** Columns or keys whose name is itself the finding: the next steps name them. */
const NAMED_COLUMN = new Set(['sensitive-field', 'unexpected-field']);

/**
 * The HTML report for an analyst: one self-contained page (inline CSS and JS, nothing loaded
 * from anywhere, works from file://) with the verdict, counts, a bar chart by category, a file ×
 * column heat table, why each rule that fired matters, every finding (filterable by severity,
 * category, file and rule, a page at a time) and what to do next. Everything from the report is
 * escaped, and a Content-Security-Policy allows only this page's own script and style (by hash),
 * so text from a scanned file can neither inject markup nor run.
 * It takes findings one at a time and keeps only counts and one compact row per finding (strings
 * by index), so 40,000 findings make a page of about 2 MB that opens in well under 2 s: the list
 * is drawn a page at a time from those rows, never all at once.
 */
export function createHtmlReport(ctx: HtmlContext): HtmlReportWriter {
  const strings = { files: new Interned(), fields: new Interned(), rules: new Interned(), categories: new Interned() };
  const rows: (string | number)[][] = [];
  const bySeverity = new Map<Severity, number>();
  const byCategory: Tally = new Map();
  const worst = new Map<string, Severity>();
  const byRule: Tally = new Map();
  const categoryOf = new Map<string, string>();
  const byFile: Tally = new Map();
  const documents = new Set<string>();
  const heat = new Map<string, Tally>();
  const namedColumns: Tally = new Map();
  const columns = new AllowHintTally();
  let withValues = false;

  return {
    add(f) {
      // Only what the list shows, and the raw value only with --show-values. Files and fields as
      // the tables show them (hidden characters made visible), so a bidi control cannot reorder them.
      const file = visible(f.file);
      // where a value hid in a document (C14, in hidden sheet 'Staff') is shown with its field
      const place = describePlace(f);
      const shown = place ? (f.field === undefined ? place : `${f.field} (${place})`) : f.field;
      const row: (string | number)[] = [
        strings.files.id(file), f.line, f.column, shown === undefined ? -1 : strings.fields.id(visible(shown)),
        strings.rules.id(f.ruleId), strings.categories.id(f.category), SEVERITIES.indexOf(f.severity), CONFIDENCES.indexOf(f.confidence), f.masked,
      ];
      if (f.value !== undefined) {
        withValues = true;
        row[COLUMN.value] = f.value;
      }
      rows.push(row);
      bump(bySeverity, f.severity);
      bump(byCategory, f.category);
      const w = worst.get(f.category);
      if (w === undefined || SEVERITIES.indexOf(f.severity) < SEVERITIES.indexOf(w)) worst.set(f.category, f.severity);
      bump(byRule, f.ruleId);
      categoryOf.set(f.ruleId, f.category);
      bump(byFile, f.file);
      documents.add(documentOf(f.file));
      const key = fieldKey(f.field);
      let cell = heat.get(key);
      if (!cell) heat.set(key, (cell = new Map()));
      bump(cell, f.file);
      if (f.field !== undefined && NAMED_COLUMN.has(f.category)) bump(namedColumns, columnName(f.field));
      columns.add(f);
    },

    finish(rest) {
      const s = rest.summary;
      const status = s.errors > 0 || s.failed ? 'FAILED' : 'passed';
      const rules = new Map(ctx.rules.map((r) => [r.id, r] as const));
      const data = {
        withValues,
        files: strings.files.list,
        fields: strings.fields.list,
        rules: strings.rules.list,
        categories: strings.categories.list,
        severities: SEVERITIES,
        confidences: CONFIDENCES,
        findings: rows,
      };
      const body = [
        `<header><h1>leakgate report: <span class="status ${status === 'passed' ? 'ok' : 'bad'}">${status}</span></h1>`,
        `<p id="verdict">${esc(verdictOf(s, bySeverity, documents.size))}</p></header>`,
        withValues ? RAW_VALUES_BANNER : '',
        '<main>',
        summarySection(s),
        countsSection(bySeverity, byCategory, worst),
        heatSection(byFile, heat),
        rulesSection(byRule, rules, categoryOf),
        findingsSection(rows.length, withValues),
        problemsSection('errors', 'Errors: files not scanned', rest.errors),
        problemsSection('warnings', 'Warnings: files scanned with a caveat', rest.warnings),
        nextStepsSection({ summary: s, files: [...byFile.keys(), ...rest.errors.map((e) => e.file)], namedColumns: sorted(namedColumns).map(([c]) => c), allowHint: columns.hint() }),
        '</main>',
        `<footer><p>Made by leakgate ${esc(ctx.toolVersion)} (report version ${rest.version}). This page loads nothing from the network.</p></footer>`,
      ].filter(Boolean).join('\n');
      return [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        // first in <head>: a policy in a meta element covers only what comes after it (CSP3 §3.3)
        `<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}">\n`,
        '<meta name="referrer" content="no-referrer">\n',
        // the report describes personal data: keep it out of search engines if it is ever published
        '<meta name="robots" content="noindex, nofollow">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        `<title>leakgate report: ${status}, ${s.findings} finding${s.findings === 1 ? '' : 's'}</title>\n`,
        `<style>${STYLE}</style>\n</head>\n<body>\n`,
        `${body}\n`,
        `<script type="application/json" id="leakgate-data">${scriptJson(data)}</script>\n`,
        `<script>${SCRIPT}</script>\n</body>\n</html>\n`,
      ];
    },
  };
}

/** The whole page for a report held in memory. */
export function formatHtml(report: Report, ctx: HtmlContext): string {
  const writer = createHtmlReport(ctx);
  for (const f of report.findings) writer.add(f);
  return writer.finish(report).join('');
}

/** The banner shown when --show-values put raw personal data into the report. */
const RAW_VALUES_BANNER = [
  '<div class="banner" role="alert" id="raw-values-warning">',
  '<strong>This report holds personal data.</strong> It was made with <code>--show-values</code>, so the',
  '“Value” column shows the raw values found. Do not upload, email or share this file; delete it when you are done.',
  '</div>',
].join('\n');

/** A CSP hash source (`sha256-…`) of an inline script or style: base64 of the digest of its UTF-8 bytes. */
function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

// Hashes, not nonces: the page is a file, not a response, so a per-render nonce would add
// nothing, and hashes tie the policy to exactly these bytes of script and style.
const CSP = [
  "default-src 'none'",
  `script-src '${sha256(SCRIPT)}'`,
  `style-src '${sha256(STYLE)}'`,
  // these two do not fall back to default-src (CSP Level 3 §6.3, §6.4)
  "base-uri 'none'",
  "form-action 'none'",
  // Trusted Types (Chromium): innerHTML and friends throw, so even a bug in the script cannot
  // turn data into markup
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

/** Strings numbered in first-seen order, so each is written once in the page's data. */
class Interned {
  readonly list: string[] = [];
  private readonly ids = new Map<string, number>();

  id(s: string): number {
    let n = this.ids.get(s);
    if (n === undefined) {
      n = this.list.length;
      this.list.push(s);
      this.ids.set(s, n);
    }
    return n;
  }
}

/** A column's name as a person reads it: a CSV header, or the last key of a JSON path (`$.cases[3].victim_name` → `victim_name`). */
function columnName(field: string): string {
  if (!field.startsWith('$')) return field;
  const m = /(?:\.([^.[\]]+)|\["((?:[^"\\]|\\.)*)"\])(?:\[\d+\])*$/.exec(field);
  return m ? (m[1] ?? m[2]!) : field;
}

function bump<K>(tally: Map<K, number>, key: K): void {
  tally.set(key, (tally.get(key) ?? 0) + 1);
}
