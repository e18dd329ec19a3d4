import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** npm's environment for these tests: no audit, fund or update-notifier calls. */
export const npmEnv: NodeJS.ProcessEnv = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

/** Runs npm; its status and output. */
export function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv = npmEnv): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npm', args, { cwd, encoding: 'utf8', env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface Packed {
  /** The copy of the source that was packed. */
  dir: string;
  tarball: string;
  /** What npm pack printed on stdout. */
  stdout: string;
}

/**
 * `npm pack` with its real prepare, prepack and postpack scripts, as a maintainer or pre-commit
 * runs it, on a copy of the source (what a clone has, beside our node_modules): the build it
 * runs never touches the dist/ the other tests use.
 */
export function packTarball(): Packed {
  const dir = mkdtempSync(path.join(tmpdir(), 'leakgate-src-'));
  for (const name of ['bin', 'src', 'scripts', 'patterns', 'package.json', '.npmrc', 'tsconfig.json', 'tsconfig.api.json', 'README.md']) {
    cpSync(path.join(root, name), path.join(dir, name), { recursive: true });
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  const packed = npm(['pack', '--pack-destination', dir], dir);
  if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
  const { name, version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  return { dir, tarball: path.join(dir, `${name}-${version}.tgz`), stdout: packed.stdout };
}
