// Types of the module scripts/build.mjs generates from the built-in packs and word lists.

/** Each built-in pack file (patterns/NAME), valid against the schema, as JSON text; in name order. */
export declare const PACK_FILES: { name: string; json: string }[];
/** Each built-in pack file's `lists` and `fragments` alone, as JSON text; in the order of PACK_FILES. */
export declare const PACK_WORDS: { name: string; json: string }[];
/**
 * Each word list (patterns/lists/NAME.txt): lower-case entries, no comments, grouped by their
 * first two letters (src/packs/word-lists.ts), in generated/word-lists.txt from byte `at` on;
 * group b is its bytes at + starts[b] to at + starts[b + 1], one entry a line, each line ended by
 * a line break.
 */
export declare const WORD_LISTS: Record<string, { at: number; starts: number[] }>;
