// Empty arrays that are to hold objects or strings, of the kind such an array ends as.

/**
 * An empty array of V8's elements kind for objects and strings (PACKED_ELEMENTS): a copy of one
 * that held an object and was emptied (slice keeps the kind; setting the length never changes it).
 */
const NO_OBJECTS: unknown[] = [null];
NO_OBJECTS.length = 0;

/**
 * An empty array of the kind an array of objects or strings has. Why: `[]` starts as an array of
 * small integers, and its first push of an object or a string changes its map (V8's hidden class):
 * code optimized on arrays that already held objects met a new array of each page, fragment or
 * chunk (the fields out, the open elements, a table's cells) with the other map, was thrown away
 * ("not a Smi", "wrong map") and compiled again, and checked for both maps from then on (issue 16).
 */
export function objectList<T>(): T[] {
  return NO_OBJECTS.slice() as T[];
}
