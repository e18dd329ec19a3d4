import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';
import { htmlTokenizer } from '../../src/extract/html-tokenizer-loop.js';
import { filesBelow } from '../helpers/files-below.js';
import { PAGE_PIECES, TRICKY_PAGES, examplePages } from '../helpers/html-pages.js';
import { pieced, seeded } from '../helpers/seeded.js';
import { describeShared } from '../helpers/shared.js';
import { readFileSync } from 'node:fs';

// htmlTokenizer is htmlparser2's Tokenizer with its main loop rewritten (it skips the characters a
// state ignores) and its fastForwardTo searching with indexOf: its callbacks, with every argument,
// must be the stock Tokenizer's on any input, in any chunks, paused anywhere.

/**
 * The callbacks a tokenizer makes on `doc` written in chunks of `chunk` characters, each as
 * `name|args`, stopping (pause) after the `pauseAt`th. Foreign content (which changes how
 * `<script>` and its kind are read) is on from an `<svg` or `<math` tag name to its closing tag.
 */
function events(make: (cbs: TokenizerCallbacks) => Tokenizer, doc: string, chunk: number, pauseAt = Infinity): string[] {
  const out: string[] = [];
  let foreign = 0;
  const record = (...args: unknown[]): void => {
    out.push(args.join('|'));
    if (out.length === pauseAt) tokenizer.pause();
  };
  const name = (start: number, end: number): string => doc.slice(start, end).toLowerCase();
  const cbs: TokenizerCallbacks = {
    onattribdata: (start, end) => record('attribdata', start, end),
    onattribentity: (cp) => record('attribentity', cp),
    onattribend: (quote, end) => record('attribend', quote, end),
    onattribname: (start, end) => record('attribname', start, end),
    oncdata: (start, end, offset) => record('cdata', start, end, offset),
    onclosetag: (start, end) => {
      if (foreign > 0 && (name(start, end) === 'svg' || name(start, end) === 'math')) foreign--;
      record('closetag', start, end);
    },
    oncomment: (start, end, offset) => record('comment', start, end, offset),
    ondeclaration: (start, end) => record('declaration', start, end),
    onend: () => record('end'),
    onopentagend: (end) => record('opentagend', end),
    onopentagname: (start, end) => {
      if (name(start, end) === 'svg' || name(start, end) === 'math') foreign++;
      record('opentagname', start, end);
    },
    onprocessinginstruction: (start, end) => record('processinginstruction', start, end),
    onselfclosingtag: (end) => record('selfclosingtag', end),
    ontext: (start, end) => record('text', start, end),
    ontextentity: (cp, end) => record('textentity', cp, end),
    isInForeignContext: () => foreign > 0,
  };
  const tokenizer = make(cbs);
  for (let i = 0; i < doc.length && tokenizer.running; i += chunk) tokenizer.write(doc.slice(i, i + chunk));
  tokenizer.end();
  return out;
}

const stock = (cbs: TokenizerCallbacks): Tokenizer => new Tokenizer({ decodeEntities: false }, cbs);

/** Whether the loop reports what the stock Tokenizer does on `doc`, whole and in chunks of `chunks`. */
function expectSame(doc: string, chunks: number[]): void {
  for (const chunk of chunks) {
    const size = chunk || doc.length || 1;
    expect([doc, size, events(htmlTokenizer, doc, size)]).toEqual([doc, size, events(stock, doc, size)]);
  }
}

/** Chunk sizes to write with; 0 writes the whole text at once. */
const CHUNKS = [1, 2, 3, 7, 64, 0];

/** More pieces: what breaks a tokenizer (spaces of every kind around `=`, NULs, a BOM, `<!-->`, entities without `;`). */
const HOSTILE = [
  '\u0000', '\uFEFF', '\t', '\f', '\r', '\r\n', ' = ', '=', '==', '="', "='", '=>', '/>', '/ >', '//', '<!-->', '<!--->', '<!---->',
  '<?x>', '<?', '<!', '<!d', '<!doctype', '<!DOCTYPE', '<![CDATA[x', ']]', ']]]>', '--!>', '<//', '</>', '</ >', '</3', '<3',
  '&', '&amp', '&#39', '&#x27', '&copy2023', '&;', 'a&b', '<A HREF=X>', '<SCRIPT>', '</SCRIPT >', '</script', '</scriptx>',
  '<style/>', '<title>', '</TITLE>', '<textarea>', '</textarea\n>', '<xmp>', '</xmp>', '<iframe>', '</iframe>', '<noembed>',
  '</noembed>', '<noframes>', '</noframes>', '<plaintext>', '<svg><script>', '</svg>', '<math>', '</math>', "<p a='b\"c'>",
  '<p a="b\'c">', '<p a=b"c>', '<p a b=c d>', '<p a\t=\tb>', '<p\fa>', 'x<y', 'x < y', '<p a=>', '<p =a>', '<p "a">', '<é>',
  '<a\u0000b>', '<p a="\u0000">', 'é', '€', '😀', '\u001c', '\u001c/title>', '<title>a\u001c/title>b</title>', '<<', '</</',
];

describe('htmlTokenizer, against htmlparser2\'s Tokenizer', () => {
  it('makes the same callbacks on tricky pages, whole and in chunks', () => {
    for (const doc of [...TRICKY_PAGES, ...HOSTILE, '']) expectSame(doc, CHUNKS);
  });

  it('makes the same callbacks on the example pages', () => {
    const pages = examplePages();
    expect(pages.length).toBeGreaterThan(0);
    for (const doc of pages) expectSame(doc, CHUNKS);
  });

  it('makes the same callbacks on random pages, hostile ones too', () => {
    const rand = seeded(33);
    const pieces = [...PAGE_PIECES, ...HOSTILE];
    for (let n = 0; n < 4000; n++) {
      const doc = pieced(rand, n % 2 === 0 ? PAGE_PIECES : pieces, 40);
      expectSame(doc, [[1, 2, 5, 0][n % 4]!]);
    }
  });

  it('stops where the stock Tokenizer stops when paused', () => {
    const rand = seeded(34);
    const pieces = [...PAGE_PIECES, ...HOSTILE];
    for (let n = 0; n < 1000; n++) {
      const doc = pieced(rand, pieces, 30);
      const pauseAt = 1 + Math.floor(rand() * 20);
      const chunk = [1, 4, 0][n % 3]! || doc.length;
      expect([doc, pauseAt, events(htmlTokenizer, doc, chunk, pauseAt)]).toEqual([doc, pauseAt, events(stock, doc, chunk, pauseAt)]);
    }
  });
});

describeShared('corpus', 'htmlTokenizer on the HTML pages of ../shared/corpus', (corpus) => {
  it('makes the same callbacks as htmlparser2\'s Tokenizer', () => {
    const pages = filesBelow(corpus).filter((f) => /\.html?$/i.test(f));
    expect(pages.length).toBeGreaterThan(0);
    for (const f of pages) expectSame(readFileSync(f, 'utf8'), CHUNKS);
  });
});
