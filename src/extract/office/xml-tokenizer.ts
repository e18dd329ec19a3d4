/** Where the tokenizer sends what it reads; names are local (prefix dropped). */
export interface XmlEvents {
  open(name: string, attrs: Record<string, string>): void;
  close(name: string): void;
  text(text: string): void;
  /** A DOCTYPE or ENTITY declaration, or markup broken beyond reading: the part is refused. */
  fail(why: string): void;
}

/** A tag (or comment, CDATA section) still open after this many characters is not XML a writer makes. */
const MAX_TAG = 8 * 1024 * 1024;
const NO_ATTRS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * A small XML tokenizer for Office and ODF parts, pushed text chunk by chunk. It jumps from one
 * `<` to the next with indexOf instead of a character-by-character state machine: measured on a
 * 68 MB sheet part, htmlparser2's XML mode spent 2.1 s where this spends a fraction of it.
 * It knows elements, attributes (either quote, `>` allowed inside), character data, CDATA,
 * comments and processing instructions; it decodes the five predefined entities and character
 * references and nothing else: an entity a DTD would define stays as it is written, and a
 * DOCTYPE or ENTITY declaration fails the part (billion laughs, external entities). It checks
 * no well-formedness beyond that: a reader takes what is there.
 */
export class XmlTokenizer {
  private rest = '';

  constructor(private readonly on: XmlEvents) {}

  /** Feeds the next piece of text. */
  write(chunk: string): void {
    const s = this.rest.length > 0 ? this.rest + chunk : chunk;
    this.rest = '';
    let pos = 0;
    const n = s.length;
    while (pos < n) {
      const lt = s.indexOf('<', pos);
      if (lt === -1) {
        // text up to the end; an entity cut in two waits for the rest
        const amp = s.lastIndexOf('&');
        const cut = amp >= pos && s.indexOf(';', amp) === -1 && n - amp < 16 ? amp : n;
        if (cut > pos) this.on.text(decode(s.slice(pos, cut)));
        this.rest = s.slice(cut);
        return;
      }
      if (lt > pos) this.on.text(decode(s.slice(pos, lt)));
      const end = this.markup(s, lt);
      if (end === -1) {
        this.rest = s.slice(lt);
        if (this.rest.length > MAX_TAG) this.on.fail(`markup longer than ${MAX_TAG} characters`);
        return;
      }
      pos = end;
    }
  }

  /** The end of input: anything left unread is broken markup. */
  end(): void {
    if (this.rest.trim().length > 0 && this.rest.startsWith('<')) this.on.fail('the part ends inside a tag');
    else if (this.rest.length > 0) this.on.text(decode(this.rest));
    this.rest = '';
  }

  /** Reads the markup at `lt`; returns the position after it, or -1 when it is not complete yet. */
  private markup(s: string, lt: number): number {
    const c = s.charCodeAt(lt + 1);
    if (c === 0x21 /* ! */) {
      if (s.startsWith('<!--', lt)) {
        const e = s.indexOf('-->', lt + 4);
        return e === -1 ? -1 : e + 3;
      }
      if (s.startsWith('<![CDATA[', lt)) {
        const e = s.indexOf(']]>', lt + 9);
        if (e === -1) return -1;
        this.on.text(s.slice(lt + 9, e));
        return e + 3;
      }
      if (s.length - lt < 9) return -1;
      this.on.fail('XML with a DTD (DOCTYPE or ENTITY): refused, never expanded');
      return s.length;
    }
    if (c === 0x3f /* ? */) {
      const e = s.indexOf('?>', lt + 2);
      return e === -1 ? -1 : e + 2;
    }
    const gt = tagEnd(s, lt + 1);
    if (gt === -1) return -1;
    if (c === 0x2f /* / */) {
      this.on.close(local(s.slice(lt + 2, gt).trim()));
      return gt + 1;
    }
    const selfClosing = s.charCodeAt(gt - 1) === 0x2f;
    const body = lt + 1;
    const bodyEnd = selfClosing ? gt - 1 : gt;
    let i = body;
    while (i < bodyEnd && !isSpace(s.charCodeAt(i))) i++;
    const name = local(s.slice(body, i));
    this.on.open(name, i < bodyEnd ? attributes(s, i, bodyEnd) : NO_ATTRS);
    if (selfClosing) this.on.close(name);
    return gt + 1;
  }
}

/** The `>` that ends a tag starting at `from`, skipping quoted attribute values; -1 if not here yet. */
function tagEnd(s: string, from: number): number {
  let i = from;
  for (;;) {
    const gt = s.indexOf('>', i);
    if (gt === -1) return -1;
    // a quote before it opens a value that may hold a '>': look only within the tag so far
    let quote = -1;
    for (let k = i; k < gt; k++) {
      const ch = s.charCodeAt(k);
      if (ch === 0x22 || ch === 0x27) {
        quote = k;
        break;
      }
    }
    if (quote === -1) return gt;
    const close = s.indexOf(s[quote]!, quote + 1);
    if (close === -1) return -1;
    i = close + 1;
  }
}

function attributes(s: string, from: number, to: number): Record<string, string> {
  const out: Record<string, string> = {};
  let i = from;
  while (i < to) {
    while (i < to && isSpace(s.charCodeAt(i))) i++;
    if (i >= to) break;
    // name="value" by jumps: the '=' and the closing quote found with indexOf
    const eq = s.indexOf('=', i);
    if (eq === -1 || eq >= to) break;
    const name = s.slice(i, eq).trim();
    let v = eq + 1;
    while (v < to && isSpace(s.charCodeAt(v))) v++;
    const q = s.charCodeAt(v);
    let value: string;
    if (q === 0x22 || q === 0x27) {
      const close = s.indexOf(q === 0x22 ? '"' : "'", v + 1);
      const e = close === -1 || close > to ? to : close;
      value = s.slice(v + 1, e);
      i = e + 1;
    } else {
      const start = v;
      while (v < to && !isSpace(s.charCodeAt(v))) v++;
      value = s.slice(start, v);
      i = v;
    }
    if (name.startsWith('xmlns')) continue;
    // an unprefixed attribute wins over a prefixed one of the same local name (`id` and `r:id`)
    const colon = name.indexOf(':');
    const key = colon === -1 ? name : name.slice(colon + 1);
    if (!(key in out) || colon === -1) out[key] = decode(value);
  }
  return out;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** `x:c` → `c`. */
export function local(name: string): string {
  const i = name.indexOf(':');
  return i === -1 ? name : name.slice(i + 1);
}

/** Decodes the predefined entities and character references; any other entity is left as written. */
export function decode(s: string): string {
  if (s.indexOf('&') === -1) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|lt|gt|amp|quot|apos);/g, (m, e: string) => {
    if (e.charCodeAt(0) !== 0x23) return PREDEFINED[e] ?? m;
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}
