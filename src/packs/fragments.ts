import { PackError } from './pack-error.js';

/** `{{name}}` in a regex source: a pack fragment to put in its place. */
const REFERENCE = /\{\{([a-z][a-z0-9-]*)\}\}/g;
/** How deep fragments may use fragments: deeper is a cycle or a pack nobody can read. */
const MAX_DEPTH = 8;

/**
 * A regex source with every `{{name}}` replaced by the pack's fragment of that name (fragments may
 * use fragments). Why: the people patterns repeat one Unicode letter class dozens of times; a named
 * piece is written once and read as what it means (`{{upper}}{{lower}}+` is a capitalised word).
 * `{{` cannot start anything in a JavaScript regex that a pack would write on purpose ("a{{2}}" is
 * not a quantifier), so the syntax takes nothing away. An unknown name or a cycle is a PackError
 * naming the rule and the place.
 */
export function expandFragments(source: string, fragments: Readonly<Record<string, string>> | undefined, file: string, id: string, where: string): string {
  if (!source.includes('{{')) return source;
  let done = fragments && expanded.get(fragments);
  if (fragments && !done) expanded.set(fragments, (done = new Map()));
  const expand = (text: string, trail: string[]): { text: string; height: number } => {
    let height = 0;
    const out = text.replace(REFERENCE, (_, name: string) => {
      // a fragment expanded before is the same text wherever it stands, if it is not too deep there
      const before = done?.get(name);
      if (before && trail.length + before.height <= MAX_DEPTH) {
        height = Math.max(height, before.height);
        return before.text;
      }
      const piece = fragments && Object.hasOwn(fragments, name) ? fragments[name] : undefined;
      if (piece === undefined) {
        const known = Object.keys(fragments ?? {});
        throw new PackError(file, `unknown fragment {{${name}}}; ${known.length ? `this pack's fragments: ${known.join(', ')}` : 'this pack defines no "fragments"'}`, id, where);
      }
      if (trail.includes(name) || trail.length >= MAX_DEPTH) {
        throw new PackError(file, `fragment {{${name}}} uses itself (${[...trail, name].join(' → ')})`, id, where);
      }
      const inner = expand(piece, [...trail, name]);
      const entry = { text: inner.text, height: inner.height + 1 };
      done?.set(name, entry);
      height = Math.max(height, entry.height);
      return entry.text;
    });
    return { text: out, height };
  };
  return expand(source, []).text;
}

/**
 * Each pack's fragments as expanded, with how deep their uses go (1: a fragment using none): the
 * people patterns use the same few dozens of times, and expanding them again each time cost a
 * one-file scan's start-up 4 M instructions (issue 16). A fragment that failed is never kept, so
 * its error comes as before; one kept that would go deeper than MAX_DEPTH where it is used now is
 * expanded again, to fail as it did. (A fragment whose uses reach one in the trail above it uses
 * itself, and failed on its own.)
 */
const expanded = new WeakMap<Readonly<Record<string, string>>, Map<string, { text: string; height: number }>>();
