import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { isArchiveName } from '../archive/archive.js';
import { UsageError } from '../types.js';
import { checkFolderOut, folderEntries, folderOutput } from '../redact/folder-bundle.js';
import { redactBundle, type RedactResult } from '../redact/redact-bundle.js';
import { archiveOutput, checkArchiveOut } from '../redact/zip-bundle.js';
import { formatText } from '../report/text.js';
import { visible } from '../report/visible.js';
import { EXIT } from './exit-codes.js';
import { colorLevel, paintFor, type Io } from './io.js';
import { setup, type SetupFlags } from './setup.js';
import { toolVersion } from './version.js';

export interface RedactFlags extends SetupFlags {
  out: string;
  dropSensitiveFields?: boolean;
  color?: boolean;
}

/**
 * `leakgate redact <path> --out <dir>`: writes a sanitised copy and re-scans it; a .zip or .gz
 * input is copied into a new archive of its kind (`--out clean.zip`). Exit 0 when the copy is
 * clean, 1 when something at or above the config's failOn (default low) is still found in it, 2 on a usage error or a file that could not be
 * read, redacted or written (that file is left out of the copy, and an archive holding it too).
 */
export async function runRedact(input: string, flags: RedactFlags, io: Io): Promise<number> {
  const inputPath = path.resolve(io.cwd, input);
  const outPath = path.resolve(io.cwd, flags.out);
  if (!existsSync(inputPath)) throw new UsageError(`no such file or directory: ${input}`);
  const archive = statSync(inputPath).isFile() && isArchiveName(inputPath);
  // checked before anything is loaded or written: a bad --out must leave no trace
  if (archive) checkArchiveOut(inputPath, outPath, io.cwd);
  else checkFolderOut(inputPath, outPath, io.cwd);
  const { config, ruleset } = await setup(io, flags);
  if (ruleset.rules.length + ruleset.fields.length === 0) throw new UsageError('no rules to run: --no-default-packs needs at least one --pack');
  const { entries, skipped, errors, archives } = await folderEntries(input, io.cwd);
  const output = archive ? archiveOutput(outPath, archives, io.cwd) : folderOutput(outPath, archives, io.cwd);
  const result = await redactBundle(entries, output, {
    ruleset,
    dropSensitiveFields: flags.dropSensitiveFields ?? false,
    minConfidence: config.config.minConfidence ?? 'low',
    failOn: config.config.failOn ?? 'low',
    toolVersion: toolVersion(),
    ...(config.config.accept?.length ? { accept: config.config.accept } : {}),
    skipped,
    unreadable: errors,
  });
  io.stdout.write(describe(result, flags, paintFor(colorLevel(io.stdout, io.env, flags.color))));
  const { summary } = result.report;
  if (summary.errors > 0) return EXIT.ERROR;
  return summary.failed ? EXIT.FINDINGS : EXIT.OK;
}

/** What was written, then the re-scan of the copy as a scan report. */
function describe(result: RedactResult, flags: RedactFlags, paint: ReturnType<typeof paintFor>): string {
  const lines: string[] = [];
  for (const f of result.files) {
    if (!f.output) continue;
    const what = [f.values ? `${f.values} value${f.values === 1 ? '' : 's'} redacted` : '', f.dropped ? `${f.dropped} ${f.dropped === 1 ? 'field' : 'fields'} dropped` : ''].filter(Boolean);
    lines.push(`${f.action.padEnd(8)} ${visible(f.output)}${what.length ? ` (${what.join(', ')})` : ''}`);
  }
  if (result.keptNames > 0) {
    const hint = flags.dropSensitiveFields ? '' : '; --drop-sensitive-fields removes such CSV columns and JSON keys';
    const n = result.keptNames;
    lines.push(`kept ${n} sensitive field name${n === 1 ? '' : 's'} (header, key or attribute); every value under ${n === 1 ? 'it' : 'them'} is redacted, so ${n === 1 ? 'it is' : 'they are'} no finding${hint}`);
  }
  // problems of the run come first: the re-scan below lists only what is left in the copy
  const { report } = result;
  // paths and messages come masked; their control characters are escaped here, as the text report does
  for (const e of report.errors) lines.push(`${paint.bad('error')} ${visible(e.file)}: ${visible(e.message)} (${e.code})`);
  for (const w of report.warnings) lines.push(`${paint.dim('warning')} ${visible(w.file)}: ${visible(w.message)} (${w.code})`);
  lines.push('', 're-scan of the copy:');
  return `${lines.join('\n')}\n${formatText({ ...report, errors: [], warnings: [] }, { paint })}`;
}
