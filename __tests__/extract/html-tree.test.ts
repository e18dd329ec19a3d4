import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Parser } from 'htmlparser2';
import { HtmlTree } from '../../src/extract/html-tree.js';
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

const TRICKY = [
  '<!DOCTYPE html><html><head><title>T &amp; U</title></head><body><p>One<p>Two<div>Three</div></body></html>',
  '<table><tr><th>Name<th>DOB<tr><td>Jane<td>1 May</table><ul><li>a<li>b</ul><dl><dt>x<dd>y<dt>z</dl>',
  '<p>a</p></p></br><br/><BR><Br Class=X>b<hr><img src=x alt="y"><input name=dob value="1/2/3"><input>',
  '<form><form id=2 action=x><input><select><option>a<option>b<optgroup><option>c</select></form></form>',
  '<svg viewBox="0 0 1 1"><clipPath id=c><rect/></clipPath><foreignObject><p>x</p><image href=y></foreignObject><desc>d</desc></svg><image src=z>',
  '<math><mi>x</mi><mtext>t<b>u</b></mtext><![CDATA[ raw <a> ]]></math><![CDATA[ in html ]]>',
  '<script type="application/json">{"a": "<b>"}</script><style>p{}</style><textarea>x<y</textarea><xmp><b></xmp>',
  '<!-- a comment --><!----><!---><!-- -- --!><!bogus><?php echo 1 ?><!DOCTYPE x SYSTEM "y">',
  '<a href=1><a href=2>two</a><h1>x<h2>y</h1><rt>r<rp>p',
  '<div class="a" class="b" CLASS=c data-x = \'1\' data-y=2 z>t</div><p title=JM 45 67 89 C>w</p>',
  '</x><p junk>a</p junk>b<///>c< d<>e</ >f<a\n\thref="x"\n>g</A>',
  '<body><head><link rel=x><script>s</script><body>b<td>c<thead><tbody><tfoot><tr><td>d',
  'text only &amp &#39; &lt;',
  '<p>unterminated <b title="x',
  '<div><span>deep <i>er <u>still',
  '<plaintext><b>all text</b>',
  '<noembed><x></noembed><noframes><y></noframes><iframe><z></iframe><title><t></title>',
  '<svg><title>t</title><desc><p>h</p></desc><FOREIGNOBJECT><svg><clippath/></svg></foreignobject></svg>',
  '<İmg src=x><DİV>u</DİV><ſpan>k</ſpan>',
];

/** Pieces random pages are made of. */
const PIECES = [
  '<p>', '</p>', '<div>', '</div>', '<br>', '</br>', '<br/>', '<table>', '</table>', '<tr>', '</tr>', '<td>', '</td>',
  '<th>', '<thead>', '<tbody>', '<tfoot>', '<li>', '<ul>', '</ul>', '<dl>', '<dt>', '<dd>', '<a href="x">', '</a>',
  '<form>', '</form>', '<input name=a>', '<select>', '<option>', '<optgroup>', '<textarea>', '</textarea>',
  '<svg>', '</svg>', '<math>', '</math>', '<foreignObject>', '</foreignObject>', '<clipPath>', '</clippath>',
  '<mi>', '</mi>', '<desc>', '</desc>', '<title>', '</title>', '<image>', '<img src="a b">', '<rect/>', '<x/>',
  '<script>', '</script>', '<style>', '</style>', '<script type="application/json">', '<!--', '-->', '<!-- c -->',
  '<![CDATA[', ']]>', '<!DOCTYPE html>', '<?x y?>', '<h1>', '</h2>', '<rt>', '<rp>', '<body>', '<head>', '</head>',
  '<link>', '<hr>', '<meta content="c">', '<DIV CLASS="Up">', '</DIV>', ' ', '\n', 'Jane', 'Smith', '&amp;', '&',
  '<form', '<td', '<th', '<p', '</br', '<svg', '<script', '<input',
  '<', '>', '/', '"', "'", '=', 'a=1', ' title="t"', ' b', '</ x>', '< p>', '<p\n>', '</p\t>', '<İ>', 'é',
];

describe('HtmlTree, against htmlparser2\'s Parser', () => {
  it.each(CHUNKS)('reports the same events on tricky pages (chunk size %i, 0 = whole)', (chunk) => {
    for (const doc of TRICKY) expect([doc, treeEvents(doc, chunk || doc.length)]).toEqual([doc, parserEvents(doc, chunk || doc.length)]);
  });

  it('reports the same events on the example pages', () => {
    const dirs = ['examples/clean-bundle', 'examples/leaky-bundle'];
    let pages = 0;
    for (const dir of dirs) {
      for (const name of readdirSync(dir).filter((n) => n.endsWith('.html'))) {
        const doc = readFileSync(path.join(dir, name), 'utf8');
        pages++;
        for (const chunk of CHUNKS) expect(treeEvents(doc, chunk || doc.length)).toEqual(parserEvents(doc, chunk || doc.length));
      }
    }
    expect(pages).toBeGreaterThan(0);
  });

  it('reports the same events on random pages', () => {
    const rand = seeded(16);
    for (let n = 0; n < 3000; n++) {
      const doc = pieced(rand, PIECES, 40);
      const chunk = [1, 2, 5, 0][n % 4]! || doc.length;
      expect([n, doc, treeEvents(doc, chunk)]).toEqual([n, doc, parserEvents(doc, chunk)]);
    }
  });
});
