import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { archiveOfName } from '../formats/registry.js';
import { UsageError } from '../types.js';
import { checkFolderOut, folderEntries, folderOutput } from '../redact/folder-bundle.js';
import { redactBundle, type RedactResult } from '../redact/redact-bundle.js';
import { archiveOutput, checkArchiveOut } from '../redact/zip-bundle.js';
import { writeText } from '../report/text.js';
import { visible } from '../report/visible.js';
import { EXIT } from './exit-codes.js';
import { colorLevel, paintFor, type Io } from './io.js';
import { bufferedOut } from './output.js';
import { loadProjectKey } from './project-key.js';
import { exitCode, scanWith } from './scan-command.js';
import { setup, type SetupFlags } from './setup.js';

export interface RedactFlags extends SetupFlags {
  out: string;
  dropSensitiveFields?: boolean;
  color?: boolean;
}

/**
 * `leakgate redact <path> --out <dir>`: writes a sanitised copy, then runs `leakgate scan` on it,
 * the very scan the gate runs (same config, packs and defaults: the copy's own paths, its file
 * names, the config's include/exclude, its .leakgateignore); a .zip or .gz input is copied into a
 * new archive of its kind (`--out clean.zip`). Exit 0 when that scan passes, 1 when it fails on
 * findings, 2 on a usage error, a file that could not be read, redacted or written (that file is
 * left out of the copy, and an archive holding it too), or a scan error.
 */
export async function runRedact(input: string, flags: RedactFlags, io: Io): Promise<number> {
  const inputPath = path.resolve(io.cwd, input);
  const outPath = path.resolve(io.cwd, flags.out);
  if (!existsSync(inputPath)) throw new UsageError(`no such file or directory: ${input}`);
  const archive = statSync(inputPath).isFile() && archiveOfName(inputPath) !== undefined;
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
    ...(config.config.accept?.length ? { accept: config.config.accept } : {}),
    skipped,
    unreadable: errors,
  });
  const paint = paintFor(colorLevel(io.stdout, io.env, flags.color));
  io.stdout.write(`${describe(result, flags, paint)}\nre-scan of the copy:\n`);
  if (!existsSync(outPath)) {
    io.stdout.write('nothing was written: every file was left out\n');
    return EXIT.ERROR;
  }
  // the gate itself, on the copy where it lies: `leakgate scan <out>` with this run's config and packs
  const target = path.relative(io.cwd, outPath) || '.';
  const scanFlags = { progress: false, quiet: true, ...(flags.config ? { config: flags.config } : {}), ...(flags.pack ? { pack: flags.pack } : {}), defaultPacks: flags.defaultPacks ?? true };
  const { report } = await scanWith([target], scanFlags, io, loadProjectKey(io.env));
  try {
    const out = bufferedOut((chunk) => io.stdout.write(chunk));
    writeText(report, { paint }, out.out);
    out.flush();
  } finally {
    report.close();
  }
  if (result.errors.length > 0) return EXIT.ERROR;
  return exitCode(report);
}

/** What was written, and the problems of the run. */
function describe(result: RedactResult, flags: RedactFlags, paint: ReturnType<typeof paintFor>): string {
  const lines: string[] = [];
  for (const f of result.files) {
    if (!f.output) continue;
    const what = [f.values ? `${f.values} value${f.values === 1 ? '' : 's'} redacted` : '', f.dropped ? `${f.dropped} ${f.dropped === 1 ? 'field' : 'fields'} dropped` : '', f.note ?? ''].filter(Boolean);
    lines.push(`${f.action.padEnd(8)} ${visible(f.output)}${what.length ? ` (${what.join(', ')})` : ''}`);
  }
  if (result.keptNames > 0) {
    const hint = flags.dropSensitiveFields ? '' : '; --drop-sensitive-fields removes such CSV columns and JSON keys';
    const n = result.keptNames;
    lines.push(`kept ${n} sensitive field name${n === 1 ? '' : 's'} (header, key or attribute); every value under ${n === 1 ? 'it' : 'them'} is redacted, so ${n === 1 ? 'it is' : 'they are'} no finding${hint}`);
  }
  // paths and messages come masked; their control characters are escaped here, as the text report does
  for (const e of result.errors) lines.push(`${paint.bad('error')} ${visible(e.file)}: ${visible(e.message)} (${e.code})`);
  for (const w of result.warnings) lines.push(`${paint.dim('warning')} ${visible(w.file)}: ${visible(w.message)} (${w.code})`);
  return `${lines.join('\n')}\n`;
}
