/**
 * Splits a header, key or attribute name into lower-case words, so that one pattern fits every
 * spelling: "Victim name", "victim_name", "victimName", "VICTIM-NAME", "data-victim-name".
 */
export function normalizeName(name: string): string {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^a-z\d]+/g, ' ')
    .trim();
}
