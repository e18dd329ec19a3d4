/**
 * Hand-written searches for anchors that V8's regex engine tries at every character of a batch
 * (issue 16: on folders of small files, whose batches are searched with regexes). Callgrind over
 * the batches of json-files-5000: `\d{6}` 16.4 -> 10.9 instructions a character (a look at every
 * sixth character while there is no digit), `:[0-9a-f]{0,4}:` 13.5 -> 5.2 (native scans find the
 * colons). A scan for two capitals in a row cost twice its regex, so it is not here; nor is a
 * looser numbered-address anchor that starts at the space before the street word (18.1 -> 15.6,
 * but 7 % more fields for the rule to run on).
 *
 * Each finds, from a place, a place in the first match of its anchor that starts there or later
 * (the regex with that lastIndex), or -1; AnchorSearch uses it in place of the regex. Neither
 * anchor can match U+0000, the separator of a batch's fields, so the match found from a field's
 * start lies in the first field after it that holds one: the same fields as the regex.
 * __tests__/detect/prefilter-scan.test.ts compares each with its regex.
 */
export type AnchorScan = (text: string, from: number) => number;

/** A run of `n` ASCII digits (`\d` without the `u` flag): a look at every `n`th character. */
function digitRun(n: number): AnchorScan {
  return (text, from) => {
    const end = text.length;
    let i = from + n - 1;
    while (i < end) {
      // a character that is no digit is in no run: the first run after it ends n on
      if (((text.charCodeAt(i) - 48) >>> 0) > 9) {
        i += n;
        continue;
      }
      let a = i - 1;
      while (a >= from && ((text.charCodeAt(a) - 48) >>> 0) <= 9) a--;
      let b = i + 1;
      while (b < end && ((text.charCodeAt(b) - 48) >>> 0) <= 9) b++;
      if (b - a - 1 >= n) return a + 1;
      i = b + n;
    }
    return -1;
  };
}

/** Hex digits, either case (`[0-9a-f]` with the `i` flag and without `u`: no other character folds to them). */
const HEX = new Uint8Array(128);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

/** `:[0-9a-f]{0,4}:` with the `i` flag (IPv6): from each colon native scans find. */
const ipv6Colons: AnchorScan = (text, from) => {
  for (let p = text.indexOf(':', from); p !== -1; p = text.indexOf(':', p + 1)) {
    const last = Math.min(text.length - 1, p + 5);
    for (let q = p + 1; q <= last; q++) {
      const c = text.charCodeAt(q);
      if (c === 0x3a) return p;
      if (c >= 128 || HEX[c] !== 1) break;
    }
  }
  return -1;
};

/** The hand-written search for an anchor, by its flags (the `g` dropped) and source; undefined for the others. */
export function anchorScanOf(re: RegExp): AnchorScan | undefined {
  const flags = re.flags.replace(/[gd]/g, '');
  const src = re.source;
  if (/[uvy]/.test(flags)) return undefined;
  const digits = /^(?:\\d\{([1-9]\d?)\}|\(\?:\\d\{([1-9]\d?)\}\))$/.exec(src);
  if (digits) return digitRun(Number(digits[1] ?? digits[2]));
  if (flags === 'i' && src === ':[0-9a-f]{0,4}:') return ipv6Colons;
  return undefined;
}

/**
 * A cheaper regex to search a batch for an anchor with, or undefined. Words and a comma,
 * `(?:w1|w2|…),` (named houses), are looked for from each comma, `,(?<=(?:w1|w2|…),)`: V8 finds
 * commas fast and tries the words only there (15.8 -> 10.0 instructions a character over the
 * batches of json-files-5000). The look behind may see before the place a search starts from, but
 * a field's start follows U+0000, which no word holds: the same fields.
 */
export function searchFormOf(re: RegExp): RegExp | undefined {
  const words = /^\(\?:([A-Za-z ]+(?:\|[A-Za-z ]+)*)\),$/.exec(re.source);
  if (!words || /[uvy]/.test(re.flags)) return undefined;
  return new RegExp(`,(?<=(?:${words[1]!}),)`, re.flags);
}
