// Byte tests for magic numbers, shared by the format modules and read/kinds.ts.

export type Test = (b: Uint8Array) => boolean;

/** The ASCII string `s` at byte `at`. */
export const ascii = (s: string, at = 0): Test => (b) => {
  if (b.length < at + s.length) return false;
  for (let i = 0; i < s.length; i++) if (b[at + i] !== s.charCodeAt(i)) return false;
  return true;
};

/** The bytes `list` at byte `at`. */
export const bytes = (list: number[], at = 0): Test => (b) => {
  if (b.length < at + list.length) return false;
  // loops, not every/some: every file's head meets each test, and a callback was a closure a call
  for (let i = 0; i < list.length; i++) if (b[at + i] !== list[i]) return false;
  return true;
};

/** Any of the tests. */
export const any = (...tests: Test[]): Test => (b) => {
  for (const t of tests) if (t(b)) return true;
  return false;
};

/** Bytes `start` to `end` as Latin-1 text. */
export function latin1(b: Uint8Array, start: number, end: number): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1', start, Math.min(end, b.length));
}
