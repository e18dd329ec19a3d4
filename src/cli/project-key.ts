import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, linkSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { homedir, platform } from 'node:os';
import path from 'node:path';
import { UsageError } from '../types.js';

/** The key of fingerprints and baselines, and where it came from. */
export interface ProjectKey {
  key: Buffer;
  /** Names the key without revealing it: an HMAC of a constant under it (baselines record it). */
  id: string;
  /** `LEAKGATE_KEY`, the key file's path, or 'none' (a random key for this run only). */
  source: string;
  /** False when the key lives only as long as this run: fingerprints then change from run to run. */
  lasting: boolean;
}

/** A secret shorter than this could be guessed, and with it every fingerprint reversed. */
const MIN_SECRET = 16;

/**
 * The key that makes fingerprints: from `LEAKGATE_KEY` (a CI secret the team shares), else from
 * a key file of the user's own, created on first use with mode 0600 in the user's config folder
 * (`$XDG_CONFIG_HOME/leakgate/key`, `~/.config/leakgate/key`; `%APPDATA%\leakgate\key` on
 * Windows), outside any bundle and never written into a report or a baseline. A report's
 * fingerprints, or a baseline, cannot be reversed without it. When neither can be had (no home
 * folder, a read-only one), the key is random for this run, and says so.
 */
export function loadProjectKey(env: Readonly<Record<string, string | undefined>>): ProjectKey {
  const secret = env.LEAKGATE_KEY;
  if (secret !== undefined && secret !== '') {
    if (secret.length < MIN_SECRET) throw new UsageError(`LEAKGATE_KEY is too short (${secret.length} characters): use at least ${MIN_SECRET}, e.g. the output of \`openssl rand -base64 32\``);
    return described(Buffer.from(hkdfSync('sha256', secret, 'leakgate', 'fingerprint key', 32)), 'LEAKGATE_KEY', true);
  }
  const file = keyFile(env);
  if (file) {
    const key = readOrCreate(file);
    if (key) return described(key, file, true);
  }
  return described(randomBytes(32), 'none', false);
}

/**
 * The key with its id, made on first use: only baselines and shards name the key, and the HMAC
 * was a scan's only one, its first use of OpenSSL's HMAC costing a one-file scan about 1 ms (issue 16).
 */
function described(key: Buffer, source: string, lasting: boolean): ProjectKey {
  let id: string | undefined;
  return {
    key,
    get id() {
      return (id ??= createHmac('sha256', key).update('leakgate key id').digest('hex').slice(0, 16));
    },
    source,
    lasting,
  };
}

/** Where the user's key file lives, or undefined when there is no config folder to put it in. */
export function keyFile(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const xdg = env.XDG_CONFIG_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'leakgate', 'key');
  if (platform() === 'win32' && env.APPDATA) return path.join(env.APPDATA, 'leakgate', 'key');
  const home = env.HOME ?? safeHome();
  return home ? path.join(home, '.config', 'leakgate', 'key') : undefined;
}

function safeHome(): string | undefined {
  try {
    return homedir() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads the key file, or creates it (0600, its folder 0700); undefined if neither works. The key
 * is written to a file of its own first and linked into place whole: two leakgates starting at
 * once on a new machine (CI, a hook and a shell) saw each other's file empty between its creation
 * and its write, and one of them ran with a key of its own, its fingerprints unlike the other's.
 */
function readOrCreate(file: string): Buffer | undefined {
  const existing = readKey(file);
  if (existing) return existing;
  if (exists(file)) throw new UsageError(`${file} is not a leakgate key: remove it and a new one is made (fingerprints and baselines made with the old key will then no longer match)`);
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const fresh = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
    writeNew(fresh);
    try {
      linkSync(fresh, file);
    } catch (e) {
      // a file system without hard links: the file is made in place
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') writeNew(file);
      else throw e;
    } finally {
      unlinkSync(fresh);
    }
  } catch (e) {
    // another leakgate made it first: use theirs
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
  }
  return readKey(file);
}

/** A new file (never one that exists), 0600, holding a new key. */
function writeNew(file: string): void {
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, `${randomBytes(32).toString('base64')}\n`);
  } finally {
    closeSync(fd);
  }
  chmodSync(file, 0o600);
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

function readKey(file: string): Buffer | undefined {
  try {
    if (!statSync(file).isFile()) return undefined;
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    return key.length >= 16 ? key : undefined;
  } catch {
    return undefined;
  }
}
