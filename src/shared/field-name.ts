/**
 * Splits a header, key or attribute name into lower-case words, so that one pattern fits every
 * spelling: "Victim name", "victim_name", "victimName", "VICTIM-NAME", "data-victim-name".
 */
export function normalizeName(name: string): string {
  // the same few names come back on every record of a file
  let words = seen.get(name);
  if (words === undefined) {
    words = split(name);
    if (seen.size >= MAX_SEEN) seen.clear();
    seen.set(name, words);
  }
  return words;
}

const seen = new Map<string, string>();
const MAX_SEEN = 10000;

function split(name: string): string {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^a-z\d]+/g, ' ')
    .trim();
}
