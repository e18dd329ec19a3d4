// Types of the prefilter table scripts/build.mjs generates from the built-in packs (issue 16).

/** Each built-in rule's anchor regex source, keyed by `${flags}/${source}` of the rule's RegExp. */
declare const anchors: Readonly<Record<string, string>>;
export default anchors;

/** How many digits in a row every match of a built-in rule with an anchor holds (2 or more), by the same key. */
export declare const DIGIT_RUNS: Readonly<Record<string, number>>;

/** The built-in rules whose anchor is the rule itself (prefilter-whole.ts), by the same key. */
export declare const ANCHOR_IS_RULE: Readonly<Record<string, 1>>;
