import yauzl from 'yauzl';
import type { Finding, Report } from '../../src/types.js';
import { cli, tree } from '../helpers/cli.js';

/** Scans a file tree through the real CLI (in-process) and returns the exit code and the JSON report. */
export async function scanTree(files: Record<string, string | Buffer>, args: string[] = []): Promise<{ code: number; report: Report; dir: string; stderr: string }> {
  const dir = tree(files);
  const r = await cli(['scan', '.', '-f', 'json', ...args], { cwd: dir });
  let report: Report;
  try {
    report = JSON.parse(r.stdout) as Report;
  } catch {
    throw new Error(`no JSON report (exit ${r.code}): ${r.stdout}${r.stderr}`);
  }
  return { code: r.code, report, dir, stderr: r.stderr };
}

/** The findings of a report that match every property given. */
export function findingsLike(report: Report, like: Partial<Finding>): Finding[] {
  return report.findings.filter((f) => Object.entries(like).every(([k, v]) => (f as unknown as Record<string, unknown>)[k] === v));
}

/** A one-line summary of a report's findings, for failure messages. */
export function summary(report: Report): string {
  const found = report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.category} ${f.masked}${f.cell ? ` ${f.cell}` : ''}${f.hidden ? ` hidden=${f.hidden}` : ''}`);
  const errors = report.errors.map((e) => `error ${e.file} ${e.code} ${e.message}`);
  return [...found, ...errors].join('\n') || '(nothing)';
}

/** The text of every entry of a zip. */
export function unzipText(zip: Buffer): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, z) => {
      if (err || !z) return reject(err);
      const out: Record<string, string> = {};
      z.on('entry', (e: yauzl.Entry) => {
        z.openReadStream(e, (err2, s) => {
          if (err2 || !s) return reject(err2);
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c));
          s.on('end', () => {
            out[e.fileName] = Buffer.concat(chunks).toString('utf8');
            z.readEntry();
          });
        });
      });
      z.on('end', () => resolve(out));
      z.readEntry();
    });
  });
}
