/**
 * Earlier revisions of a PDF. A PDF edited and saved incrementally keeps every earlier version
 * of what it changed: the update is appended after the old `%%EOF`, and the old page content,
 * with the text that was "removed", is still in the file for anyone who cuts it there (ISO
 * 32000-1, 7.5.6 Incremental updates). The bytes up to each earlier `%%EOF` are that revision.
 */

/** Earlier revisions compared at most (the most recent ones). */
export const MAX_REVISIONS = 3;
/** Over this size the copies of earlier revisions would cost too much memory: a warning instead. */
export const MAX_REVISION_BYTES = 64 * 1024 * 1024;

const EOF = [0x25, 0x25, 0x45, 0x4f, 0x46]; // %%EOF

/**
 * The byte offsets where earlier revisions end: just past each `%%EOF` marker followed by more
 * than whitespace. A linearized file's first-page section ends in one too: it reads as a
 * partial document whose text is all in the final one, so it adds nothing.
 */
export function revisionEnds(data: Uint8Array): number[] {
  const ends: number[] = [];
  for (let i = data.indexOf(0x25); i !== -1 && i + 5 <= data.length; i = data.indexOf(0x25, i + 1)) {
    if (EOF.every((b, k) => data[i + k] === b)) ends.push(i + 5);
  }
  // the last marker ends the current revision; trailing whitespace after it is no revision
  while (ends.length > 0 && isBlank(data, ends[ends.length - 1]!)) ends.pop();
  return ends.slice(-MAX_REVISIONS);
}

function isBlank(data: Uint8Array, from: number): boolean {
  for (let i = from; i < data.length; i++) {
    const c = data[i]!;
    if (c !== 0x0a && c !== 0x0d && c !== 0x20 && c !== 0x09 && c !== 0x00) return false;
  }
  return true;
}
