import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import { ArchiveError, type ArchiveLimits, type ArchivePath, DEFAULT_LIMITS, openEntry } from '../archive/archive.js';
import type { Problem } from '../types.js';
import { type BundleOutput, CopyError } from './redact-bundle.js';
import type { ArchiveLayout } from './zip-layout.js';
import { entryPath, ZipWriter } from './zip-writer.js';

/**
 * One archive of the copy, a zip or a .gz: written under a temporary name beside its place, read
 * back from there by the re-scan (through archive.ts, which also proves it a valid archive), and
 * then moved into place whole, or removed.
 */
class ArchiveCopy {
  /** Why it could not be written, once writing failed. */
  failure?: string;
  /** Why it is not the whole archive: files of it that never came (they failed before writing). */
  incomplete?: string;
  private temp?: string;
  private writer?: ZipWriter;
  private flushed?: Promise<void>;

  constructor(
    readonly layout: ArchiveLayout,
    readonly target: string,
    private readonly limits: ArchiveLimits,
  ) {}

  /** Writes one file: `inner` is its path inside a zip, or '' for the content of a .gz. */
  async write(inner: string, bytes: Uint8Array): Promise<void> {
    try {
      if (this.layout.kind === 'gz') {
        // always compressed afresh: the old gzip header's name and comment were never scanned
        await writeFile(await this.tempName(), gzipSync(bytes), { flag: 'wx' });
        return;
      }
      await (await this.zipWriter()).add(inner, bytes);
    } catch (e) {
      this.failure ??= `cannot write: ${(e as Error).message}`;
      throw new CopyError('EWRITE', this.failure);
    }
  }

  /** Ends a zip (its remaining folders and nested zips) and waits until it is all on disk. */
  async seal(): Promise<void> {
    if (this.layout.kind === 'gz' || this.failure) return;
    try {
      const writer = await this.zipWriter();
      await writer.end();
      await this.flushed;
      const n = writer.missing.length;
      if (n > 0) this.incomplete = `${n} of its files could not be redacted`;
    } catch (e) {
      this.failure = `cannot write: ${(e as Error).message}`;
    }
  }

  /** Reads a written file back from the archive on disk. */
  async read(inner: string): Promise<Uint8Array> {
    // an incomplete zip is still read back: it is valid, and its files' errors are their own
    if (!this.temp || (this.failure && this.layout.kind === 'zip')) throw new CopyError('EWRITE', `not read back: ${this.failure ?? 'not written'}`);
    const entries = this.layout.kind === 'gz' ? [] : entryPath(this.layout.items, inner);
    return readArchived({ file: this.temp, entries }, this.limits);
  }

  /** Moves the archive into place, never over a file; or removes it. Resolves to why it was not kept. */
  async finish(keep: boolean): Promise<string | undefined> {
    const why = this.failure ?? this.incomplete;
    if (!this.temp) return keep ? undefined : why;
    const temp = this.temp;
    try {
      if (keep && !why) {
        await placeNew(temp, this.target);
        return undefined;
      }
      return why ?? 'a file in it could not be redacted or read back';
    } catch (e) {
      return (e as Error).message;
    } finally {
      await rm(temp, { force: true });
    }
  }

  private async tempName(): Promise<string> {
    if (!this.temp) {
      await mkdir(path.dirname(this.target), { recursive: true });
      // beside the target: on its file system, so that it can be linked into place whole
      this.temp = path.join(path.dirname(this.target), `.${path.basename(this.target)}.${randomBytes(6).toString('hex')}.tmp`);
    }
    return this.temp;
  }

  private async zipWriter(): Promise<ZipWriter> {
    if (!this.writer) {
      const file = createWriteStream(await this.tempName(), { flags: 'wx' });
      const writer = new ZipWriter(this.layout.items);
      this.writer = writer;
      this.flushed = pipeline(writer.output, file);
      // a write error (a full disk) surfaces in seal; until then it must not go unhandled
      this.flushed.catch((e: Error) => (this.failure ??= `cannot write: ${e.message}`));
    }
    return this.writer;
  }
}

/** Links the finished file to its name, which fails if the name exists: nothing is ever replaced. */
async function placeNew(temp: string, target: string): Promise<void> {
  try {
    await link(temp, target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new Error(`${path.basename(target)} appeared while the copy was written: not replaced`);
    // a file system without hard links: rename, checking first (the check is as late as can be)
    if (existsSync(target)) throw new Error(`${path.basename(target)} appeared while the copy was written: not replaced`);
    await rename(temp, target);
  }
}

/**
 * Reads a whole archive entry through archive.ts, with its limits (bombs, ratios, sizes); `max`
 * bounds what redaction holds in memory. Archive errors become CopyErrors: errors of that file.
 */
export async function readArchived(at: ArchivePath, limits: ArchiveLimits = DEFAULT_LIMITS, max = Infinity): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const c of openEntry(at, limits)) {
      size += c.length;
      if (size > max) throw new CopyError('ETOOBIG', `over ${max / 1048576} MiB: too big to redact in memory; left out of the copy`);
      chunks.push(c);
    }
  } catch (e) {
    if (e instanceof ArchiveError) throw new CopyError(e.code, e.message);
    throw e;
  }
  return Buffer.concat(chunks);
}

/**
 * The copy as a BundleOutput: a plain file is written at `place(name)`, and the files of an
 * archive of the bundle (`old.zip!/x.csv`) into a new archive at `place('old.zip')`, kept only
 * if every file of it was redacted, written and read back.
 */
export function copyOutput(place: (name: string) => string, archives: readonly ArchiveLayout[], cwd: string, limits: ArchiveLimits = DEFAULT_LIMITS): BundleOutput {
  // relative to the cwd as a scan shows files, unless that climbs out of it (`../../tmp/copy`)
  const show = (file: string): string => {
    const rel = path.relative(cwd, file);
    return rel.startsWith('..') ? file : rel.split(path.sep).join('/');
  };
  const copies = new Map(archives.map((a) => [a.name, new ArchiveCopy(a, place(a.name), limits)]));
  const written = new Map<ArchiveCopy, string[]>();
  // `a.zip!/x.csv`: the archive is the longest prefix that is one (a folder may be called `x!`)
  const route = (name: string): { copy: ArchiveCopy; inner: string } | undefined => {
    const whole = copies.get(name);
    if (whole) return { copy: whole, inner: '' };
    for (let i = name.indexOf('!/'); i !== -1; i = name.indexOf('!/', i + 1)) {
      const copy = copies.get(name.slice(0, i));
      if (copy) return { copy, inner: name.slice(i + 2) };
    }
    return undefined;
  };
  return {
    async write(name, bytes) {
      const at = route(name);
      if (!at) {
        const file = place(name);
        await mkdir(path.dirname(file), { recursive: true });
        // 'wx': never replace a file, even one that appeared after the checks
        await writeFile(file, bytes, { flag: 'wx' });
        return;
      }
      await at.copy.write(at.inner, bytes);
      const names = written.get(at.copy) ?? [];
      names.push(name);
      written.set(at.copy, names);
    },
    async seal() {
      for (const copy of copies.values()) await copy.seal();
    },
    async read(name) {
      const at = route(name);
      if (!at) return readFile(place(name));
      return at.copy.read(at.inner);
    },
    display(name) {
      const at = route(name);
      if (!at) return show(place(name));
      return at.inner === '' ? show(at.copy.target) : `${show(at.copy.target)}!/${at.inner}`;
    },
    async finish(failed) {
      const broken = new Set<ArchiveCopy>();
      for (const name of failed) {
        const at = route(name);
        if (at) broken.add(at.copy);
      }
      const removed = new Set<string>();
      const problems: Problem[] = [];
      for (const copy of copies.values()) {
        const why = await copy.finish(!broken.has(copy));
        if (why === undefined) continue;
        for (const name of written.get(copy) ?? []) removed.add(name);
        problems.push({ file: show(copy.target), code: 'EARCHIVE', message: `not written: ${why}; an archive is written whole or not at all` });
      }
      return { removed, problems };
    },
  };
}
