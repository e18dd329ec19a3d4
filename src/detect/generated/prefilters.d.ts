// Types of the prefilter table scripts/build.mjs generates from the built-in packs (issue 16).

/**
 * Each built-in rule's anchor regex source, and 1 when the rule may run one field at a time (0: the
 * anchor decides for the whole batch), keyed by `${flags}/${source}` of the rule's RegExp.
 */
declare const anchors: Readonly<Record<string, readonly [string, 0 | 1]>>;
export default anchors;
