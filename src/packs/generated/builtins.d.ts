// Types of the module scripts/build.mjs generates from the built-in packs and word lists.

/** Each built-in pack file (patterns/NAME), valid against the schema, as JSON text; in name order. */
export declare const PACK_FILES: { name: string; json: string }[];
/** Each word list (patterns/lists/NAME.txt): lower-case entries, one a line, no comments. */
export declare const WORD_LISTS: Record<string, string>;
