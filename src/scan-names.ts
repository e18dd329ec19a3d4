import path from 'node:path';
import { createDetector } from './detect/detect.js';
import { RuleTimeoutError } from './shared/rule-guard.js';
import { filterMatches } from './filter/filter.js';
import { matchSpan } from './filter/match-span.js';
import { maskSpans } from './filter/text-mask.js';
import { createMasker, filterOptions, nameField, type SourceScanContext } from './scan-context.js';
import { type FindingSpool, UNSHIFTED } from './spool/finding-spool.js';
import { LETTER_OR_DIGIT } from './shared/letter-regexp.js';
import { normalizeFields } from './normalize/normalize.js';
import type { Field, Problem, RawMatch, Ruleset } from './types.js';

/**
 * Scans each file, folder and archive entry name in the paths once, as a field of its own: a
 * finding in a name is reported on that path (`where: 'name'`, line 0, the column in the path).
 * Names at or above a root (`roots`, from discover) are not scanned. A user rule that runs over its
 * time budget on a name is an error on that path. Returns those
 * errors, and the folders (as shown) whose names hold findings. `keep` says which paths' names
 * this run reports (all but in a shard). `onShown` is told, by its place in `displays`, each path
 * whose last name was scanned here, as reports show it (masked: TextMasker.path), so that a
 * worker need not scan that name again; a path that shows as it is is told as the same string.
 */
export function scanNames(
  displays: string[],
  roots: string[],
  ctx: SourceScanContext,
  spool: FindingSpool,
  keep: (file: string) => boolean = () => true,
  onShown?: (index: number, shown: string) => void,
): { errors: Problem[]; folders: Set<string> } {
  const names = nameScanner(roots, ctx, spool, keep, onShown);
  for (const [index, display] of displays.entries()) {
    if (index % NAMES_AT_ONCE === 0) names.prefetch(displays, index);
    names.scan(index, display);
  }
  return names.result;
}

/** Files whose last names the rules run over at once. */
const NAMES_AT_ONCE = 256;

/**
 * The masker's matches (TextMasker.matches) of each of `names`, the rules run once over them all:
 * once per name, the names of 50,000 files took 2.2 s of the thread that hands the workers their
 * files (issue 16). The detector judges each field on its own, so each name's matches are the
 * same. Undefined with user rules under a time limit: one running over it would fail every name.
 */
function matchesOfNames(ctx: SourceScanContext, names: readonly string[]): RawMatch[][] | undefined {
  if (ctx.ruleset.rules.some((r) => r.untrusted)) return undefined;
  const out: RawMatch[][] = names.map(() => []);
  const fields: Field[] = [];
  const of: number[] = [];
  names.forEach((text, i) => {
    if (!LETTER_OR_DIGIT.test(text)) return;
    fields.push(nameField(text));
    of.push(i);
  });
  if (fields.length === 0) return out;
  const normal = normalizeFields(fields);
  const at = new Map(normal.fields.map((f, k) => [f, of[k]!]));
  for (const m of ctx.detector.detect(normal.fields, normal.joined)) if (m.kind === 'pattern') out[at.get(m.field)!]!.push(m);
  return out;
}

/** Names scanned between two turns of the event loop (scanNamesBetween). */
const NAMES_PER_TURN = 1000;

/**
 * scanNames, giving the event loop a turn every NAMES_PER_TURN paths: run while worker threads
 * scan the files, this thread takes their results and hands them more work as it goes (issue 16:
 * the names of 50,000 files took this thread half a second, in which the threads, loaded, had
 * nothing to do). A file a thread scans before its name is scanned here is shown by the thread
 * itself (TextMasker.path), as this would show it: the report is the same.
 */
export async function scanNamesBetween(...[displays, roots, ctx, spool, keep = () => true, onShown]: Parameters<typeof scanNames>): Promise<ReturnType<typeof scanNames>> {
  const names = nameScanner(roots, ctx, spool, keep, onShown);
  for (const [index, display] of displays.entries()) {
    if (index > 0 && index % NAMES_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    if (index % NAMES_AT_ONCE === 0) names.prefetch(displays, index);
    names.scan(index, display);
  }
  return names.result;
}

/** scanNames's state, a path at a time: `scan` each path in order, then read `result`. */
function nameScanner(
  roots: string[],
  ctx: SourceScanContext,
  spool: FindingSpool,
  keep: (file: string) => boolean,
  onShown: ((index: number, shown: string) => void) | undefined,
): { scan: (index: number, display: string) => void; prefetch: (displays: readonly string[], from: number) => void; result: { errors: Problem[]; folders: Set<string> } } {
  // a root and the folders above it are the user's, not the bundle's: `/tmp/leakgate-x1/` is
  // where the upload sits, not a name in it
  const seen = new Set<string>();
  for (const root of roots) {
    const parts = root.split('/');
    for (let i = 1; i <= parts.length; i++) seen.add(parts.slice(0, i).join('/'));
  }
  const errors: Problem[] = [];
  const folders = new Set<string>();
  // the matches of the last names of the paths from `ahead`, found together (prefetch), each taken once
  let ahead = 0;
  let early: (RawMatch[] | undefined)[] = [];
  const prefetch = (displays: readonly string[], from: number): void => {
    const leaves = displays.slice(from, from + NAMES_AT_ONCE).map((d) => d.slice(d.lastIndexOf('/') + 1));
    ahead = from;
    early = matchesOfNames(ctx, leaves) ?? [];
  };
  const matchesOf = (index: number, name: string, last: boolean): RawMatch[] => {
    const k = index - ahead;
    const known = last && k >= 0 && k < early.length ? early[k] : undefined;
    if (!known) return ctx.masker.matches(name);
    early[k] = undefined;
    return known;
  };
  // the folder of the last path told, and how it shows: paths come folder by folder
  let dir = '';
  let dirShown = '';
  /** A path as shown, its last name `leaf` masked by its matches: TextMasker.path, that name's matches known. */
  const shownPath = (display: string, leaf: string, matches: RawMatch[]): string => {
    const masked = maskSpans(leaf, matches);
    const at = display.length - leaf.length - 1;
    if (at < 0) return masked === leaf ? display : masked;
    const folder = display.slice(0, at);
    if (folder !== dir) {
      dir = folder;
      dirShown = ctx.masker.path(folder);
    }
    return masked === leaf && dirShown === dir ? display : `${dirShown}/${masked}`;
  };
  /** Scans the name `part` that ends `prefix`, the path up to it in `display`; `last`: the path's last name. */
  const scanName = (index: number, display: string, part: string, prefix: string, last: boolean): void => {
    if (seen.has(prefix)) return;
    seen.add(prefix);
    // `a.zip!` is the archive a.zip (a file); `.` and `..` are not names from the bundle
    const archive = part.endsWith('!');
    const name = archive ? part.slice(0, -1) : part;
    const file = archive ? prefix.slice(0, -1) : prefix;
    if (name === '.' || name === '..' || name === '') return;
    // a shard (scan --shard) reports the names of its own paths: a folder's name once in the run
    if (!keep(file)) return;
    try {
      const matches = archive ? ctx.masker.matches(name) : matchesOf(index, name, last);
      if (onShown && last && !archive) onShown(index, shownPath(display, part, matches));
      if (matches.length === 0) return;
      const opts = filterOptions(ctx, file);
      const filtered = filterMatches(matches, ctx.ruleset, opts);
      const writer = spool.writer(file, opts.shown, UNSHIFTED);
      if (!last && !archive) folders.add(opts.shown);
      const at = prefix.length - part.length;
      for (const found of filtered.findings) {
        const f = found.finding;
        f.line = 0;
        // the place in the name as written (normalisation may have rewritten it)
        f.column = at + matchSpan(found.match).start + 1;
        f.where = 'name';
        writer.add(found);
      }
      writer.end();
    } catch (e) {
      if (!(e instanceof RuleTimeoutError)) throw e;
      errors.push({ file, code: e.code, message: e.message });
    }
  };
  // the folder of the last path whose names were all scanned: a path in it has only its last name
  // left to scan (its folders' are in `seen`), without splitting it (issue 16: 50,000 files)
  let done = '\u0000';
  const scan = (index: number, display: string): void => {
    const cut = display.lastIndexOf('/');
    if (cut === done.length && display.startsWith(done)) {
      scanName(index, display, display.slice(cut + 1), display, true);
      return;
    }
    const parts = display.split('/');
    let prefix = '';
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      // the whole path is the display itself, not a copy the set below would keep
      prefix = i === 0 ? part : i === parts.length - 1 ? display : `${prefix}/${part}`;
      scanName(index, display, part, prefix, i === parts.length - 1);
    }
    done = cut < 0 ? '\u0000' : display.slice(0, cut);
  };
  return { scan, prefetch, result: { errors, folders } };
}

/**
 * Masks the findings in a message (an error naming a path from the bundle), with the rules of a
 * ruleset: for the CLI's messages, which the report's masking does not reach. `own` are the
 * user's folders (the working folder): they are not bundle data, and a temporary folder's random
 * name (`/tmp/leakgate-ND37Gh`) would otherwise read as a postcode and hide where the error is.
 * What lies below them is masked as usual. Their parent folders are the user's too: a config
 * file found by walking up from the working folder (`/tmp/leakgate-YR04pQ/.leakgate.json`, a
 * registration plate) is named with its own path.
 */
export function messageMasker(ruleset: Ruleset, own: string[] = []): (text: string) => string {
  const detector = createDetector(ruleset);
  const masker = createMasker(detector);
  // longest first, so that a folder inside another is kept whole
  const keep = [...new Set(own.flatMap(withParents).filter((o) => o.length > 1))].sort((a, b) => b.length - a.length);
  const label = (text: string): string => {
    for (const o of keep) {
      const at = text.indexOf(o);
      if (at >= 0) return label(text.slice(0, at)) + o + label(text.slice(at + o.length));
    }
    return text === '' ? text : masker.label(text);
  };
  return (text) => {
    try {
      return label(text);
    } catch {
      // a user rule over its time budget: say nothing of the message but that it was there
      return '(message withheld: a rule could not check it in time)';
    }
  };
}

/** A folder and every folder above it, up to the root (which the caller leaves out). */
function withParents(folder: string): string[] {
  const out = [folder];
  for (let f = folder, up = path.dirname(f); up !== f; f = up, up = path.dirname(f)) out.push(up);
  return out;
}
