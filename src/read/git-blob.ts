import { spawn } from 'node:child_process';

/** Streams a blob's bytes out of the git object store. */
export async function* blobBytes(sha: string, repo: string): AsyncGenerator<Uint8Array> {
  const child = spawn('git', ['cat-file', 'blob', sha], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  for await (const chunk of child.stdout) yield chunk as Uint8Array;
  const code = await exited;
  if (code !== 0) throw new Error(`git cat-file failed for ${sha}: ${stderr.trim()}`);
}
