import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cli } from '../helpers/cli.js';
import { describeShared, sharedDir } from '../helpers/shared.js';

// Issue 8 ("Done when"): redact on the shared synthetic corpus. Every leaky bundle comes out
// with no planted value left and a clean re-scan (exit 0); every clean bundle comes out byte for
// byte the same. The corpus lives beside the project (../shared); without it they say so, loudly.

const corpus = sharedDir('corpus/synthetic');

interface Truth {
  bundles: { dir: string; kind: string; files: { name: string; encoding: string }[] }[];
  entities: { file: string; value: string }[];
}
const truth: Truth = corpus ? JSON.parse(readFileSync(path.join(corpus, 'truth.json'), 'utf8')) : { bundles: [], entities: [] };

/** A new folder path for --out (redact wants it new or empty). */
function freshOut(bundle: string): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'leakgate-corpus-')), bundle);
}

/** A corpus file's text as written, to look for a planted value in. */
function textOf(bytes: Buffer, encoding: string): string {
  if (encoding.startsWith('utf-16be')) return Buffer.from(bytes).swap16().toString('utf16le');
  if (encoding.startsWith('utf-16')) return bytes.toString('utf16le');
  return bytes.toString(encoding.startsWith('utf-8') ? 'utf8' : 'latin1');
}

describeShared('corpus/synthetic', 'redact on ../shared/corpus/synthetic', (corpus) => {
  test.each(truth.bundles.filter((b) => b.kind === 'leaky').map((b) => b.dir))('%s: no planted value left, and the re-scan is clean', async (dir) => {
    const out = freshOut(dir);
    const r = await cli(['redact', path.join(corpus, dir), '--out', out]);
    expect([r.code, `${r.stdout}${r.stderr}`]).toEqual([0, expect.stringContaining('no findings')]);
    const bundle = truth.bundles.find((b) => b.dir === dir)!;
    for (const f of bundle.files) {
      const text = textOf(readFileSync(path.join(out, f.name)), f.encoding);
      const left = truth.entities.filter((e) => e.file === `${dir}/${f.name}` && text.includes(e.value)).map((e) => e.value);
      expect([f.name, left]).toEqual([f.name, []]);
    }
  });

  test.each(truth.bundles.filter((b) => b.kind === 'clean').map((b) => b.dir))('%s: every file copied byte for byte', async (dir) => {
    const out = freshOut(dir);
    const r = await cli(['redact', path.join(corpus, dir), '--out', out]);
    expect(r.code).toBe(0);
    const names = readdirSync(path.join(corpus, dir)).sort();
    expect(readdirSync(out).sort()).toEqual(names);
    for (const n of names) expect(readFileSync(path.join(out, n)).equals(readFileSync(path.join(corpus, dir, n)))).toBe(true);
  });
});
