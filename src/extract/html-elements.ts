// Element names of HTML (current and obsolete ones browsers still parse), SVG and MathML, as
// htmlparser2 reports them (lower case). Why: text with an unescaped `<` (`Jane <jane@example.com>`)
// is parsed as a tag, which hides it from a reader of the page but not from its source.
const HTML = 'a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound big blink blockquote body br button canvas caption center cite code col colgroup data datalist dd del details dfn dialog dir div dl dt em embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe image img input ins isindex kbd keygen label legend li link listing main map mark marquee menu menuitem meta meter multicol nav nextid nobr noembed noframes noscript object ol optgroup option output p param picture plaintext pre progress q rb rp rt rtc ruby s samp script search section select slot small source spacer span strike strong style sub summary sup table tbody td template textarea tfoot th thead time title tr track tt u ul var video wbr xmp';
const SVG = 'svg g path rect circle ellipse line polyline polygon text tspan textpath defs use symbol marker clippath mask pattern lineargradient radialgradient stop filter foreignobject desc metadata switch view animate animatemotion animatetransform animatecolor set mpath cursor font-face hkern vkern glyph missing-glyph';
const MATHML = 'math mi mo mn ms mtext mrow mfrac msqrt mroot msub msup msubsup munder mover munderover mtable mtr mtd mlabeledtr mspace mstyle semantics annotation annotation-xml mpadded mphantom menclose merror mfenced mglyph mmultiscripts mprescripts none maligngroup malignmark maction';
const ELEMENTS = new Set(`${HTML} ${SVG} ${MATHML}`.split(' '));

/**
 * True for an element name a page may use: a known one, an SVG filter primitive (`fe…`), a custom
 * element (`my-widget`) or a namespaced one (`o:p`, from Word).
 */
export function isElementName(name: string): boolean {
  return ELEMENTS.has(name) || /^fe[a-z]+$/.test(name) || /^[a-z][a-z0-9]*(?:[-:.][a-z0-9_.-]*)+$/.test(name);
}
