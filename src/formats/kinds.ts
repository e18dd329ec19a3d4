// The kinds of file a source can be when it is not text, told by its bytes (read/kinds.ts sniffs
// them): what each is called, and what the reader does with it. The config's `accept` list is
// checked against it, and refused files are told what to do.

import type { ContainerFormat, ContainerHandler } from './format.js';
import { CONTAINER_FORMATS } from './registry.js';

/** What a non-text kind is called, what the reader does with it, and what to do about a refused one. */
export interface KindSpec {
  handler: Handler;
  what: string;
  advice?: string;
}

/** The kinds that are not containers (those are the registry's): documents, and what is refused. */
const OTHER_KINDS = {
  office: { handler: 'refuse', what: 'an Office or OpenDocument file', advice: 'leakgate reads .xlsx, .docx, .ods and .odt, not this one: export it to one of those, to CSV or to text and scan that' },
  pdf: { handler: 'document', what: 'a PDF document' },
  ole: { handler: 'refuse', what: 'a legacy Office file (.xls, .doc, .ppt, .msg) or an encrypted Office document', advice: 'decrypt it or save it in a current format, export it to CSV or text and scan that' },
  image: { handler: 'refuse', what: 'an image', advice: 'text in images is not read: remove it from the bundle' },
  audio: { handler: 'refuse', what: 'an audio file', advice: 'remove it from the bundle' },
  video: { handler: 'refuse', what: 'a video file', advice: 'remove it from the bundle' },
  font: { handler: 'refuse', what: 'a font file', advice: 'remove it from the bundle' },
  executable: { handler: 'refuse', what: 'an executable or compiled code', advice: 'remove it from the bundle' },
  database: { handler: 'refuse', what: 'a database file (SQLite…)', advice: 'export its tables to CSV and scan those' },
  archive: { handler: 'refuse', what: 'an archive or compression leakgate cannot open (7z, RAR, zstd, lzip, cab…)', advice: 'repack it as .zip or .tar.gz' },
  git: { handler: 'refuse', what: "git's own data (a pack, an index, a tree object)", advice: 'a .git folder should not be in an upload: remove it' },
  binary: { handler: 'refuse', what: 'a binary file of a kind leakgate does not know', advice: 'remove it, or convert it to text' },
} as const satisfies Record<string, KindSpec>;

/** How a kind is handled: a container opened (its format says how), a document read, or refused. */
export type Handler = ContainerHandler | 'document' | 'refuse';
export type KindId = ContainerFormat['id'] | keyof typeof OTHER_KINDS;

/**
 * What a source is when it is not text, told by its bytes (magic numbers), never by its name
 * alone: a zip named `.jar`, `.xlsx` or nothing, a `.csv.gz.gz`, a tarball. One row per kind:
 * magic bytes → kind → handler. Containers (each format module says how it is opened) are opened
 * (`zip`, `tar`) or decompressed and looked at again; a PDF (and an Office package, told by its
 * parts) goes to the document readers; every other kind is refused (exit 2) unless the config's
 * `accept` names it.
 */
export const KINDS: Readonly<Record<KindId, KindSpec>> = {
  ...(Object.fromEntries(CONTAINER_FORMATS.map((f) => [f.id, { handler: f.handler, what: f.what }])) as Record<ContainerFormat['id'], KindSpec>),
  ...OTHER_KINDS,
};

/** Kinds the config may accept (report as not scanned instead of an error). */
export const ACCEPTABLE_KINDS = (Object.keys(KINDS) as KindId[]).filter((k) => KINDS[k].handler === 'refuse');

export interface Sniffed {
  kind: KindId;
  /** What exactly was seen (`PNG image`), for messages. */
  detail: string;
}

/** The message of a refused kind (an error), or of one the config accepts (a warning). */
export function kindMessage(s: Sniffed, accepted: boolean): string {
  const k = KINDS[s.kind];
  const what = k.what.toLowerCase().includes(s.detail.toLowerCase()) ? k.what : `${k.what} (${s.detail})`;
  if (accepted) return `${what}: not scanned (accepted by config "accept": ["${s.kind}"])`;
  return `${what}: not scanned; ${k.advice ?? 'it cannot be read'}, or accept it in the config ("accept": ["${s.kind}"])`;
}
