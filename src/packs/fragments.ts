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
  const expand = (text: string, trail: string[]): string =>
    text.replace(REFERENCE, (_, name: string) => {
      const piece = fragments && Object.hasOwn(fragments, name) ? fragments[name] : undefined;
      if (piece === undefined) {
        const known = Object.keys(fragments ?? {});
        throw new PackError(file, `unknown fragment {{${name}}}; ${known.length ? `this pack's fragments: ${known.join(', ')}` : 'this pack defines no "fragments"'}`, id, where);
      }
      if (trail.includes(name) || trail.length >= MAX_DEPTH) {
        throw new PackError(file, `fragment {{${name}}} uses itself (${[...trail, name].join(' → ')})`, id, where);
      }
      return expand(piece, [...trail, name]);
    });
  return expand(source, []);
}
