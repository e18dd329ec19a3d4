// What the README, the pre-commit hook definition and `leakgate init` say about formats, made from
// the registry (scripts/sync-readme.mjs writes them; __tests__/formats/registry.test.ts checks them).
import { CONTAINER_FORMATS, DOCUMENT_FORMATS, EXTENSIONS, TEXT_FORMATS } from './registry.js';

const exts = (list: readonly string[]): string => list.map((e) => `\`${e}\``).join(' ');

/** The README's table of text formats and containers. */
export function formatsTable(): string {
  const rows = [...TEXT_FORMATS, ...CONTAINER_FORMATS].map((f) => `| ${f.title} | ${exts(f.extensions)} | ${f.reads} |`);
  return `| format | extensions | what is read |\n| --- | --- | --- |\n${rows.join('\n')}\n`;
}

/** The README's table of documents (workbooks, Word and OpenDocument files, PDFs). */
export function documentsTable(): string {
  const rows = DOCUMENT_FORMATS.map((f) => `| ${exts(f.extensions)} (${f.title}) | ${f.reads} | ${exts(f.hidden)} |`);
  return `| format | what is read | \`hidden\` values |\n| --- | --- | --- |\n${rows.join('\n')}\n`;
}

const bare = EXTENSIONS.map((e) => e.slice(1));

/** The pre-commit hook's `files:` pattern (Python's re): every extension leakgate reads, in any case. */
export function hookFiles(): string {
  return `(?i)\\.(${bare.join('|')})$`;
}

/** lint-staged's glob for the same files. */
export function lintStagedGlob(): string {
  return `*.{${bare.join(',')}}`;
}
