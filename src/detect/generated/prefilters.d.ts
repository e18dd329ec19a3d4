// Types of the prefilter table scripts/build.mjs generates from the built-in packs (issue 16).

/** Each built-in rule's anchor regex source, keyed by `${flags}/${source}` of the rule's RegExp. */
declare const anchors: Readonly<Record<string, string>>;
export default anchors;
