import { type Edit, type Span, dropItems } from './redact.js';

/** What names the members to remove: the offsets of their keys, or key paths (every member at one). */
export interface MemberSelection {
  /** Offsets of key fields: the first character inside the key's quotes, as the extractor gives it. */
  keyOffsets: ReadonlySet<number>;
  /** Key paths as the extractor writes them (`priorities[*].parties[*].dob`). */
  paths: ReadonlySet<string>;
}

interface Member extends Span {
  keyAt: number;
  path: string;
}

/**
 * The edits that remove members (key and value) from JSON text, so that what is left is still
 * valid JSON with its layout: a member goes with the comma after it, or the last one with the
 * comma before it. Reads a sequence of top-level values too (JSON Lines). Undefined when the text
 * is not valid JSON (the extractor then read it as text).
 */
export function dropJsonMembers(text: string, select: MemberSelection): Edit[] | undefined {
  const r = new Reader(text, select);
  try {
    r.skipSpace();
    while (r.i < text.length) {
      r.value('');
      r.skipSpace();
    }
  } catch (e) {
    if (e instanceof JsonSyntax) return undefined;
    throw e;
  }
  return r.edits;
}

class JsonSyntax extends Error {}

/** A small recursive reader: it only needs where members start and end, and their key paths. */
class Reader {
  i = 0;
  readonly edits: Edit[] = [];
  private depth = 0;

  constructor(private readonly text: string, private readonly select: MemberSelection) {}

  skipSpace(): void {
    const t = this.text;
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i);
      // a byte-order mark read as text (a file without one in its bytes may still start with U+FEFF)
      if (c === 32 || c === 9 || c === 10 || c === 13 || (c === 0xfeff && this.i === 0)) this.i++;
      else break;
    }
  }

  /** Reads one value whose key path is `path`. */
  value(path: string): void {
    const t = this.text;
    const c = t[this.i];
    if (c === '{') return this.object(path);
    if (c === '[') return this.array(path);
    if (c === '"') {
      this.string();
      return;
    }
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(t.slice(this.i, this.i + 64));
    if (!m) throw new JsonSyntax();
    this.i += m[0].length;
  }

  private object(path: string): void {
    // deep enough that the stack, not the file, would give out first: refuse rather than crash
    if (++this.depth > 1000) throw new JsonSyntax();
    this.i++;
    const members: Member[] = [];
    this.skipSpace();
    if (this.text[this.i] === '}') {
      this.i++;
      this.depth--;
      return;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.i] !== '"') throw new JsonSyntax();
      const start = this.i;
      const key = this.string();
      this.skipSpace();
      if (this.text[this.i] !== ':') throw new JsonSyntax();
      this.i++;
      this.skipSpace();
      const childPath = path ? `${path}.${key}` : key;
      this.value(childPath);
      members.push({ start, end: this.i, keyAt: start + 1, path: childPath });
      this.skipSpace();
      const c = this.text[this.i++];
      if (c === '}') break;
      if (c !== ',') throw new JsonSyntax();
    }
    this.depth--;
    const drop = members.map((m) => this.select.keyOffsets.has(m.keyAt) || this.select.paths.has(m.path));
    if (drop.some(Boolean)) for (const e of dropItems(members, drop)) this.edits.push(e);
  }

  private array(path: string): void {
    if (++this.depth > 1000) throw new JsonSyntax();
    this.i++;
    this.skipSpace();
    if (this.text[this.i] === ']') {
      this.i++;
      this.depth--;
      return;
    }
    for (;;) {
      this.skipSpace();
      this.value(`${path}[*]`);
      this.skipSpace();
      const c = this.text[this.i++];
      if (c === ']') break;
      if (c !== ',') throw new JsonSyntax();
    }
    this.depth--;
  }

  /** Reads a string and returns its decoded text. */
  private string(): string {
    const t = this.text;
    const start = this.i;
    let j = start + 1;
    for (;;) {
      const q = t.indexOf('"', j);
      if (q === -1) throw new JsonSyntax();
      let backslashes = 0;
      for (let k = q - 1; k > start && t[k] === '\\'; k--) backslashes++;
      if (backslashes % 2 === 0) {
        this.i = q + 1;
        break;
      }
      j = q + 1;
    }
    try {
      return JSON.parse(t.slice(start, this.i)) as string;
    } catch {
      throw new JsonSyntax();
    }
  }
}
