// Every format leakgate reads, one registration line each: a format is one module in this folder
// (see format.ts). The extension lists, sniffing, the extractors, `init`'s lint-staged glob, the
// pre-commit hook's `files:` and the README's formats tables all come from this list.
import path from 'node:path';
import type { DocumentKind, Format } from '../types.js';
import type { Extractor } from '../extract/extractor.js';
import type { ContainerFormat, DocumentFormat, ExtractorFactory, ExtractorOptions, FormatModule, TextFormat } from './format.js';
import { csv } from './csv.js';
import { json } from './json.js';
import { ndjson } from './ndjson.js';
import { html } from './html.js';
import { text } from './text.js';
import { xlsx } from './xlsx.js';
import { ods } from './ods.js';
import { docx } from './docx.js';
import { odt } from './odt.js';
import { pdf } from './pdf.js';
import { legacy } from './legacy.js';
import { zip } from './zip.js';
import { tar } from './tar.js';
import { gzip } from './gzip.js';
import { bzip2 } from './bzip2.js';
import { xz } from './xz.js';
import { zlib } from './zlib.js';

export type { ExtractorOptions } from './format.js';

/** The formats, in the order the README lists them (and text formats are sniffed in, text last). */
export const REGISTRY: readonly FormatModule[] = [
  csv,
  json,
  ndjson,
  html,
  text,
  xlsx,
  ods,
  docx,
  odt,
  pdf,
  legacy,
  zip,
  tar,
  gzip,
  bzip2,
  xz,
  zlib,
];

export const TEXT_FORMATS = REGISTRY.filter((f): f is TextFormat => f.kind === 'text');
export const DOCUMENT_FORMATS = REGISTRY.filter((f): f is DocumentFormat => f.kind === 'document');
export const CONTAINER_FORMATS = REGISTRY.filter((f): f is ContainerFormat => f.kind === 'container');

const BY_EXTENSION = new Map<string, FormatModule>();
for (const f of REGISTRY) {
  for (const ext of f.extensions) {
    if (BY_EXTENSION.has(ext)) throw new Error(`${ext} is claimed by two formats: ${BY_EXTENSION.get(ext)!.title} and ${f.title}`);
    BY_EXTENSION.set(ext, f);
  }
}

/** Every extension a format claims, lower case with the dot. */
export const EXTENSIONS: readonly string[] = [...BY_EXTENSION.keys()];

/** The format module a file name's extension names, if any. */
export function formatOfName(name: string): FormatModule | undefined {
  return BY_EXTENSION.get(path.extname(name).toLowerCase());
}

/** The text format a file name says, or undefined when its content must decide. */
export function formatFromName(name: string): Format | undefined {
  const f = formatOfName(name);
  return f?.kind === 'text' ? f.id : undefined;
}

/** Guesses the text format of a file with no telling extension from the start of its text. */
export function sniffFormat(head: string): Format {
  const t = head.replace(/^\uFEFF/, '').trimStart();
  return TEXT_FORMATS.find((f) => f.sniff?.(t))?.id ?? text.id;
}

/** The document kind a file name says (`book.xlsx` → xlsx), or undefined for everything else. */
export function documentKind(name: string): DocumentKind | undefined {
  const f = formatOfName(name);
  return f?.kind === 'document' ? f.id : undefined;
}

/** A display path inside a document (`bundle.zip!/book.xlsx!/Staff`): group 1 is the outermost document's path. */
const IN_DOCUMENT = new RegExp(`^(.*?(?:${DOCUMENT_FORMATS.flatMap((f) => f.extensions).map((e) => `\\${e}`).join('|')}))!/`, 'i');

/** The document a display path is a part of (`book.xlsx` for `book.xlsx!/Staff`), or the path itself. */
export function documentOf(shown: string): string {
  return IN_DOCUMENT.exec(shown)?.[1] ?? shown;
}

/** The containers opened where they lie, by a name's extension (`.zip`, `.gz`). */
const IN_PLACE = new Map(CONTAINER_FORMATS.flatMap((f) => (f.inPlace ?? []).map((ext) => [ext, f.id] as const)));

/**
 * The container a file or entry name says is opened where it lies (`a.zip`: its entries;
 * `x.csv.gz`: one file inflated), or undefined: the name opens nothing (its bytes may).
 */
export function archiveOfName(name: string): ContainerFormat['id'] | undefined {
  // the name's end, not path.extname: a folder entry `a.zip/` and a file named `.gz` are told apart as before
  const dot = name.lastIndexOf('.');
  return dot === -1 ? undefined : IN_PLACE.get(name.slice(dot).toLowerCase());
}

/** What a compressed file holds, by name: `x.csv.gz` → `x.csv`, `x.tgz` → `x.tar`. */
export function innerName(name: string): string {
  const ext = path.extname(name);
  for (const f of CONTAINER_FORMATS) {
    const inner = f.inner?.[ext.toLowerCase()];
    if (inner !== undefined) return name.slice(0, name.length - ext.length) + inner;
  }
  return name;
}

/** Which document an Office package is, from its part names and its `mimetype` entry (OpenDocument). */
export async function packageKind(names: readonly string[], mimetype: () => Promise<string>): Promise<DocumentKind | undefined> {
  const byPrefix = DOCUMENT_FORMATS.find((f) => f.package?.prefix && names.some((n) => n.startsWith(f.package!.prefix!)));
  if (byPrefix) return byPrefix.id;
  if (!names.includes('mimetype')) return undefined;
  const type = await mimetype();
  return DOCUMENT_FORMATS.find((f) => f.package?.mimetype?.test(type))?.id;
}

const factories = new Map<Format, Promise<ExtractorFactory>>();
/** The factories loaded so far: a file of a format met before gets its extractor without a promise (50,000 files made two each, issue 16). */
const loaded = new Map<Format, ExtractorFactory>();

/**
 * The extractor for a text format. Its modules are loaded on first use: the HTML parser only for
 * formats that can hold HTML, so that a CSV or text scan, as in a pre-commit hook, starts faster.
 */
export function createExtractor(format: Format, options: ExtractorOptions = {}): Extractor | Promise<Extractor> {
  const factory = loaded.get(format);
  return factory ? factory(options) : extractorFactory(format).then((f) => f(options));
}

/** The factory of a text format's extractor, once its modules are loaded. */
export function extractorFactory(format: Format): Promise<ExtractorFactory> {
  let f = factories.get(format);
  if (!f) {
    const spec = TEXT_FORMATS.find((x) => x.id === format);
    if (!spec) throw new Error(`no text format ${format}`);
    f = spec.load().then((factory) => {
      loaded.set(format, factory);
      return factory;
    });
    factories.set(format, f);
  }
  return f;
}

/** The text format a file name says and the delimiter it implies (tab for .tsv), from its extension, found once. */
export function textKindOfName(name: string): { format: Format | undefined; delimiter: string | undefined } {
  const ext = path.extname(name).toLowerCase();
  const f = BY_EXTENSION.get(ext);
  return f?.kind === 'text' ? { format: f.id, delimiter: f.delimiter?.(ext) } : { format: undefined, delimiter: undefined };
}
