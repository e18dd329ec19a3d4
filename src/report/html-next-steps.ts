import type { Summary } from '../types.js';
import type { AllowHint } from './allow-hint.js';
import { hintLines } from './allow-hint.js';
import { esc } from './html-escape.js';

/** What the next-steps section needs to know of the findings. */
export interface NextStepsInput {
  summary: Summary;
  /** The files with findings, or with errors: their common folder names the bundle in the commands. */
  files: string[];
  /** Columns or keys named as personal data (sensitive-field, unexpected-field), most findings first. */
  namedColumns: string[];
  /** When most findings come from a few columns: the `allow.fields` entries that would accept them. */
  allowHint?: AllowHint | undefined;
}

/**
 * What to do about the report, in order: fix the export at its source, or redact a copy; allow
 * what is public by design; accept today's findings with a baseline; deal with files that could
 * not be scanned. Each step is a command or config line to copy, built from this report.
 */
export function nextStepsSection(input: NextStepsInput): string {
  const s = input.summary;
  const head = '<section aria-labelledby="h-next" id="next-steps" class="next"><h2 id="h-next">What to do next</h2>';
  const folder = commonFolder(input.files);
  const bundle = esc(shellQuote(folder));
  const redacted = esc(shellQuote(folder === '.' ? '../redacted' : `${folder}-redacted`));
  const steps: string[] = [];
  if (s.findings > 0) {
    const columns = input.namedColumns.slice(0, 3);
    steps.push(step(
      '<strong>Remove the data at its source.</strong> Fix the export that made this bundle, so that it leaves these values out' +
        (columns.length ? `, and the columns named as personal data (${columns.map((c) => `<code>${esc(c)}</code>`).join(', ')})` : '') +
        '; then scan it again.',
      `leakgate scan ${bundle}`,
    ));
    steps.push(step(
      '<strong>Or publish a redacted copy.</strong> <code>leakgate redact</code> writes a copy with each finding replaced by <code>[REDACTED:&lt;category&gt;]</code> (with <code>--drop-sensitive-fields</code>, columns and keys named as personal data are removed), never touches the input, and scans the copy again.',
      `leakgate redact ${bundle} --out ${redacted}`,
    ));
    steps.push(step(
      '<strong>If something is public by design</strong> (a force switchboard, a published mailbox, a column of officers\' names), allow it in <code>.leakgate.json</code> rather than ignoring the report: a column by its name, or one value, stored as a keyed hash, never as text.',
      '{ "allow": { "fields": ["^officer name$"] } }     (in .leakgate.json: a column, by its name in lower-case words)\nleakgate allow add -     (then type the value: it stays out of the shell history)',
    ));
    const hint = input.allowHint;
    if (hint) {
      const [why, ...lines] = hintLines(hint);
      steps.push(step(`<strong>${esc(why!)}</strong>`, esc(lines.join('\n'))));
    }
    steps.push(step(
      '<strong>To accept what is there today</strong> and fail only on new findings, record a baseline (keyed hashes, no values) and scan with it.',
      `leakgate baseline create ${bundle} -o .leakgate-baseline.json\nleakgate scan ${bundle} --baseline .leakgate-baseline.json`,
    ));
    steps.push(step(
      '<strong>To ignore one finding or a path</strong> (agreed with the data owner), add a line to <code>.leakgateignore</code> in the bundle or the repository: the finding\'s fingerprint (shown by <code>--verbose</code>; it holds no value and no line, so moving the row keeps it ignored), or a gitignore pattern. The summary counts what it ignores.',
      `leakgate scan ${bundle} --verbose     (each finding's fingerprint: hmac-sha256:…)\necho 'drafts/' >> ${esc(shellQuote(folder === '.' ? '.leakgateignore' : `${folder}/.leakgateignore`))}`,
    ));
  }
  if (s.errors > 0) {
    steps.push(step(
      '<strong>Files that could not be scanned fail the gate.</strong> Repair or re-export them (see Errors above), or leave them out on purpose:',
      `leakgate scan ${bundle} --exclude '&lt;glob&gt;'`,
    ));
  }
  if (steps.length === 0) {
    return `${head}\n<p>Nothing: no personal data was found and every file was scanned. Keep leakgate in the upload script, so the next bundle is checked too.</p></section>`;
  }
  return `${head}\n<ol>\n${steps.join('\n')}\n</ol>\n<p><code>leakgate explain &lt;rule&gt;</code> says more about a rule.</p></section>`;
}

/** One step: what to do, and the lines to copy (already escaped). */
function step(what: string, lines: string): string {
  return `<li><p>${what}</p><pre><code>${lines}</code></pre></li>`;
}

/** The folder all the files share (`examples/leaky-bundle`); `.` when none. */
function commonFolder(files: string[]): string {
  const split = files.map((f) => f.split('!/')[0]!.split('/').slice(0, -1));
  let common = split[0] ?? [];
  for (const parts of split) {
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.join('/') || '.';
}

/** A path as one shell word. */
function shellQuote(p: string): string {
  return /^[\w./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}
