/** A small deterministic random generator (mulberry32), so that a failure can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A text of 1 to `most` pieces, each drawn from `pieces` by `rand`. */
export function pieced(rand: () => number, pieces: readonly string[], most: number): string {
  let text = '';
  const n = 1 + Math.floor(rand() * most);
  for (let k = 0; k < n; k++) text += pieces[Math.floor(rand() * pieces.length)];
  return text;
}
