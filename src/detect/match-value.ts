/**
 * Where the `value` group of a rule's match is, as [start, end) in the searched text, when the rule
 * has one and it took part: the detector judges that part of the match, not all of it, and a
 * search that passes over refused matches (name-starts.ts, prejudged) must read the same part.
 * Undefined when the whole match is the value.
 */
export function valueGroupOf(m: RegExpExecArray, valueGroup: boolean): [number, number] | undefined {
  return valueGroup && m.groups?.value !== undefined ? m.indices?.groups?.value : undefined;
}
