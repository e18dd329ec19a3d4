import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

// Pages to compare two HTML readers on (an ours against htmlparser2's).

/** Pages that take the parser down its rarer paths. */
export const TRICKY_PAGES = [
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

/** Pieces random pages are made of (pieced()). */
export const PAGE_PIECES = [
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

/** The HTML pages of the example bundles, each as a string. */
export function examplePages(): string[] {
  const pages: string[] = [];
  for (const dir of ['examples/clean-bundle', 'examples/leaky-bundle']) {
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.html'))) pages.push(readFileSync(path.join(dir, name), 'utf8'));
  }
  return pages;
}
