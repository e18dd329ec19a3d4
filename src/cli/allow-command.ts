import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createDetector } from '../detect/detect.js';
import { valueHash } from '../filter/filter.js';
import { CATEGORIES, type Category, UsageError } from '../types.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';
import { setup } from './setup.js';
import { loadYaml } from '../shared/yaml.js';

export interface AllowFlags {
  category?: string;
  note?: string;
  config?: string;
}

/**
 * `leakgate allow add <value>`: records a value the project publishes on purpose (a station's
 * number, a shared mailbox) as a keyed hash in the config file, creating the key and the file if
 * needed. The value itself is never written. Its category is the one leakgate finds in it, unless
 * --category says otherwise; findings of that value are then counted as suppressed.
 */
export async function runAllowAdd(value: string, flags: AllowFlags, io: Io): Promise<number> {
  if (!value.trim()) throw new UsageError('allow add needs a value');
  if (flags.category && !(CATEGORIES as readonly string[]).includes(flags.category)) {
    throw new UsageError(`--category must be one of ${CATEGORIES.join(', ')}`);
  }
  const { config, ruleset } = await setup(io, flags.config ? { config: flags.config } : {});
  const category = (flags.category as Category | undefined) ?? categoryOf(value, ruleset);
  const file = config.file ?? path.join(io.cwd, '.leakgate.json');
  const kind = config.file ? config.kind! : 'json';
  const allow = { ...(config.config.allow ?? {}) };
  allow.key ??= randomBytes(32).toString('base64');
  const hash = valueHash(Buffer.from(allow.key, 'base64'), category, value);
  if (allow.values?.some((v) => v.hash === hash && v.category === category)) {
    io.stdout.write(`already allowed in ${path.relative(io.cwd, file) || file}\n`);
    return EXIT.OK;
  }
  const entry: { hash: string; category?: Category; note?: string } = { hash };
  if (category) entry.category = category;
  if (flags.note) entry.note = flags.note;
  allow.values = [...(allow.values ?? []), entry];
  await writeAllow(file, kind, allow);
  io.stdout.write(`allowed a ${category ?? 'value'} in ${path.relative(io.cwd, file) || file} (stored as a keyed hash; the value itself is not written)\n`);
  return EXIT.OK;
}

/** The category leakgate finds across (most of) the value, if any. */
function categoryOf(value: string, ruleset: Parameters<typeof createDetector>[0]): Category | undefined {
  const detector = createDetector({ ...ruleset, fields: [] });
  const hits = detector.detect([{ text: value, line: 1, column: 1, offset: 0, ctx: { where: 'text' } }]);
  detector.close();
  const best = hits.filter((h) => h.value.length >= value.trim().length * 0.8).sort((a, b) => b.value.length - a.value.length)[0];
  return best?.category;
}

/** Writes `allow` into the config file, keeping the rest of it (and YAML comments) as it was. */
async function writeAllow(file: string, kind: 'json' | 'yaml' | 'package.json', allow: object): Promise<void> {
  if (kind === 'yaml') {
    const { parseDocument } = await loadYaml();
    const doc = parseDocument(readFileSync(file, 'utf8'));
    doc.set('allow', doc.createNode(allow));
    writeFileSync(file, doc.toString());
    return;
  }
  let data: Record<string, unknown> = {};
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    data = {};
  }
  if (kind === 'package.json') data.leakgate = { ...(data.leakgate as object), allow };
  else data.allow = allow;
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}
