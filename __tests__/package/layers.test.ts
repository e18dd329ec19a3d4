import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from '../helpers/leaky-report.js';

// Issue 12: DESIGN's layers and the module size limit are enforced by `npm run layers`, part of
// `npm test`. These run the real checks (dependency-cruiser with .dependency-cruiser.cjs, and
// scripts/check-modules.mjs) on this tree, then on copies of src/ with one wrong import or one
// over-long module written in: each must fail, naming the rule and the import.

interface Run {
  code: number | null;
  out: string;
}

function run(script: string, at = root): Run {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', script), '--root', at], { encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** A copy of src/ (and the tsconfig the cruiser resolves with) with `change` applied. */
function copyWith(change: (dir: string) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'leakgate-layers-'));
  cpSync(path.join(root, 'src'), path.join(dir, 'src'), { recursive: true });
  cpSync(path.join(root, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
  change(dir);
  return dir;
}

/** Adds an import at the top of a module of the copy. */
function addImport(dir: string, file: string, line: string): void {
  const at = path.join(dir, file);
  writeFileSync(at, `${line}\n${readFileSync(at, 'utf8')}`);
}

describe('npm run layers', () => {
  it('passes on this tree: no cycle, no upward import, no module over 400 lines', () => {
    expect(run('check-layers.mjs')).toEqual({ code: 0, out: expect.stringContaining('no cycle, no upward import') });
    expect(run('check-modules.mjs')).toEqual({ code: 0, out: expect.stringContaining('none over 400 lines') });
  });

  it('fails on an upward import: detect importing the scan stage', () => {
    const dir = copyWith((d) => addImport(d, 'src/detect/columns.ts', "import { scan } from '../scan.js';\nvoid scan;"));
    const r = run('check-layers.mjs', dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('layers: no-upward-detect: src/detect/columns.ts → src/scan.ts');
  });

  it('fails when types imports anything, and when anything imports the CLI', () => {
    const dir = copyWith((d) => addImport(d, 'src/types/finding.ts', "import type { Io } from '../cli/io.js';\nexport type FindingIo = Io;"));
    const r = run('check-layers.mjs', dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('layers: types-import-nothing: src/types/finding.ts → src/cli/io.ts');
    expect(r.out).toContain('layers: entries-imported-by-none: src/types/finding.ts → src/cli/io.ts');
  });

  it('fails on an import cycle, even of types only', () => {
    const dir = copyWith((d) => addImport(d, 'src/filter/mask.ts', "import type { Filtered } from './filter.js';\nexport type MaskFiltered = Filtered;"));
    const r = run('check-layers.mjs', dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/layers: no-circular: src\/filter\/(mask|filter)\.ts → src\/filter\/(filter|mask)\.ts \(cycle: /);
  });

  it('fails on a module over 400 lines that is not being split', () => {
    const dir = copyWith((d) => appendFileSync(path.join(d, 'src/scan.ts'), '// filler\n'.repeat(400)));
    const r = run('check-modules.mjs', dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/modules: src\/scan\.ts has \d+ lines, over 400: split it by job/);
  });
});
