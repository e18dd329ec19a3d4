import { Parser } from 'htmlparser2';
import { HtmlTree } from '../../src/extract/html-tree.js';
import { PAGE_PIECES, TRICKY_PAGES, examplePages } from '../helpers/html-pages.js';
import { pieced, seeded } from '../helpers/seeded.js';

// HtmlTree drives htmlparser2's Tokenizer with the Parser's rules ported: the events it reports,
// with the indexes the extractor reads at each, must be the Parser's, on any input and any chunking.

/** An event as `name|args|startIndex|endIndex`. */
type Events = string[];

/** The events of htmlparser2's Parser, with the extractor's options. */
function parserEvents(doc: string, chunk: number): Events {
  const out: Events = [];
  const at = (): string => `${parser.startIndex}|${parser.endIndex}`;
  const parser: Parser = new Parser(
    {
      onattribute: (name, value, quote) => out.push(`attribute|${name}|${value}|${String(quote)}|${at()}`),
      onopentag: (name, attribs) => out.push(`open|${name}|${JSON.stringify(attribs)}|${at()}`),
      onclosetag: (name, implied) => out.push(`close|${name}|${implied}|${at()}`),
      ontext: (text) => out.push(`text|${text}|${at()}`),
      oncomment: (data) => out.push(`comment|${data}|${at()}`),
      onprocessinginstruction: (_name, data) => out.push(`doctype|${data}|${at()}`),
    },
    { decodeEntities: false, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  for (let i = 0; i < doc.length; i += chunk) parser.write(doc.slice(i, i + chunk));
  parser.end();
  return out;
}

/** HtmlTree's events, recorded as parserEvents records the Parser's. */
class Recorder extends HtmlTree {
  readonly events: Events = [];
  /** The tag's attributes, the first of each name, as the Parser's `attribs` (null between tags). */
  private attribs: Record<string, string> | null = null;
  private at(): string {
    return `${this.startIndex}|${this.endIndex}`;
  }
  protected onTagName(): void {
    this.attribs = {};
  }
  protected onOpen(name: string): void {
    this.events.push(`open|${name}|${JSON.stringify(this.attribs)}|${this.at()}`);
    this.attribs = null;
  }
  protected onClose(name: string, implied: boolean): void {
    this.events.push(`close|${name}|${implied}|${this.at()}`);
  }
  protected onAttribute(name: string, value: string, quote: string | null | undefined): void {
    this.events.push(`attribute|${name}|${value}|${String(quote)}|${this.at()}`);
    if (this.attribs && !Object.hasOwn(this.attribs, name)) this.attribs[name] = value;
  }
  protected onText(text: string, at: number): void {
    // where the text is, when given, is where it is
    if (at !== -1 && this.slice(at, at + text.length) !== text) throw new Error(`text ${text} is not at ${at}`);
    this.events.push(`text|${text}|${this.at()}`);
  }
  protected onComment(data: string): void {
    this.events.push(`comment|${data}|${this.at()}`);
  }
  protected onDoctype(data: string): void {
    this.events.push(`doctype|${data}|${this.at()}`);
  }
  parse(doc: string, chunk: number): Events {
    for (let i = 0; i < doc.length; i += chunk) this.write(doc.slice(i, i + chunk));
    this.finish();
    return this.events;
  }
}

function treeEvents(doc: string, chunk: number): Events {
  return new Recorder().parse(doc, chunk);
}

/** Chunk sizes to stream with; 0 feeds the whole text at once. */
const CHUNKS = [1, 3, 7, 64, 0];

describe('HtmlTree, against htmlparser2\'s Parser', () => {
  it.each(CHUNKS)('reports the same events on tricky pages (chunk size %i, 0 = whole)', (chunk) => {
    for (const doc of TRICKY_PAGES) expect([doc, treeEvents(doc, chunk || doc.length)]).toEqual([doc, parserEvents(doc, chunk || doc.length)]);
  });

  it('reports the same events on the example pages', () => {
    let pages = 0;
    for (const doc of examplePages()) {
      pages++;
      for (const chunk of CHUNKS) expect(treeEvents(doc, chunk || doc.length)).toEqual(parserEvents(doc, chunk || doc.length));
    }
    expect(pages).toBeGreaterThan(0);
  });

  it('reports the same events on random pages', () => {
    const rand = seeded(16);
    for (let n = 0; n < 3000; n++) {
      const doc = pieced(rand, PAGE_PIECES, 40);
      const chunk = [1, 2, 5, 0][n % 4]! || doc.length;
      expect([n, doc, treeEvents(doc, chunk)]).toEqual([n, doc, parserEvents(doc, chunk)]);
    }
  });
});
