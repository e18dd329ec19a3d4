/**
 * Finds text on a PDF page that a reader cannot see although it is there to copy: text painted
 * over by a filled shape or an image drawn after it (the "redaction" that only draws a black box,
 * the classic failure of PDF redaction), and text painted in the colour of what is under it
 * (black on a black box, white on the white page). Walks PDF.js's operator list, keeping the
 * graphics state (ISO 32000-1, 8.4 and 9.3: CTM, text matrices, font size, spacing, colour,
 * render mode, fill alpha) and a box per text run, so that only text drawn before a covering
 * fill counts: a coloured cell background drawn first hides nothing.
 */

/** An axis-aligned box in page space. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Boxes where text hides: under something drawn later, or drawn in the colour beneath it. */
export interface HiddenBoxes {
  covered: Box[];
  camouflaged: Box[];
  /** Images painted on the page (a page of images and no text is a scan). */
  images: number;
}

/** The operator numbers of PDF.js (`OPS`) this walk needs. */
export type Ops = Record<string, number>;

type M = [number, number, number, number, number, number];
const ID: M = [1, 0, 0, 1, 0, 0];

function mul(m: M, n: M): M {
  return [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3], m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3], m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5]];
}

function boxOf(m: M, x0: number, y0: number, x1: number, y1: number): Box {
  const pts = [[x0, y0], [x1, y0], [x0, y1], [x1, y1]].map(([x, y]) => [x! * m[0] + y! * m[2] + m[4], x! * m[1] + y! * m[3] + m[5]]);
  const xs = pts.map((p) => p[0]!);
  const ys = pts.map((p) => p[1]!);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

function overlap(a: Box, b: Box): number {
  const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  return w > 0 && h > 0 ? w * h : 0;
}

function area(b: Box): number {
  return Math.max(1e-6, (b.x1 - b.x0) * (b.y1 - b.y0));
}

interface State {
  ctm: M;
  fill: string;
  alpha: number;
  font: string;
  size: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  rise: number;
  leading: number;
  mode: number;
}

interface Run {
  box: Box;
  color: string;
}

/** Runs and fills beyond this many are not tracked (a page of a million glyphs is judged on its first). */
const MAX_ITEMS = 200_000;

/**
 * Walks a page's operator list. `fontScale(name)` gives a font's glyph-space scale (0.001 for
 * most fonts, from the font matrix). Returns the boxes of text that hides.
 */
export function findHiddenText(fnArray: ArrayLike<number>, argsArray: unknown[], OPS: Ops, fontScale: (name: string) => number): HiddenBoxes {
  let s: State = { ctm: ID, fill: '#000000', alpha: 1, font: '', size: 12, charSpacing: 0, wordSpacing: 0, hScale: 1, rise: 0, leading: 0, mode: 0 };
  const stack: State[] = [];
  let tm: M = ID;
  let tlm: M = ID;
  const runs: Run[] = [];
  const fills: { box: Box; color: string; after: number }[] = [];
  const covered: Box[] = [];
  const camouflaged: Box[] = [];
  let images = 0;
  const moveText = (tx: number, ty: number): void => {
    tlm = mul([1, 0, 0, 1, tx, ty], tlm);
    tm = tlm;
  };
  const show = (items: unknown[]): void => {
    const scale = fontScale(s.font);
    const m = mul(tm, s.ctm);
    // invisible text (render mode 3, an OCR layer over a scan) is not a reader's text to hide
    const visible = s.mode !== 3 && s.mode !== 7;
    let x = 0;
    for (const g of items) {
      if (typeof g === 'number') {
        x -= (g / 1000) * s.size * s.hScale;
        continue;
      }
      const glyph = g as { width?: number; isSpace?: boolean } | null;
      if (!glyph) continue;
      const advance = ((glyph.width ?? 0) * scale * s.size + s.charSpacing + (glyph.isSpace ? s.wordSpacing : 0)) * s.hScale;
      // one box per glyph: a box drawn over two words of a line covers those two, not the line
      if (visible && !glyph.isSpace && advance !== 0 && runs.length < MAX_ITEMS) {
        runs.push({ box: boxOf(m, Math.min(x, x + advance), s.rise - 0.2 * s.size, Math.max(x, x + advance), s.rise + 0.8 * s.size), color: s.fill });
      }
      x += advance;
    }
    tm = mul([1, 0, 0, 1, x, 0], tm);
  };
  const fill = (box: Box): void => {
    if (s.alpha < 0.99 || fills.length >= MAX_ITEMS) return;
    fills.push({ box, color: s.fill, after: runs.length });
  };
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i]!;
    const a = argsArray[i] as any[];
    switch (fn) {
      case OPS.save:
        stack.push({ ...s });
        break;
      case OPS.restore:
        s = stack.pop() ?? s;
        break;
      case OPS.transform:
        s.ctm = mul(a as M, s.ctm);
        break;
      case OPS.paintFormXObjectBegin:
        stack.push({ ...s });
        if (Array.isArray(a?.[0]) || ArrayBuffer.isView(a?.[0])) s.ctm = mul(Array.from(a[0] as ArrayLike<number>) as M, s.ctm);
        break;
      case OPS.paintFormXObjectEnd:
      case OPS.endAnnotation:
        s = stack.pop() ?? s;
        break;
      case OPS.beginAnnotation: {
        // an annotation's appearance (a black "rectangle" comment drawn over text) is placed by
        // its transform and matrix, as PDF.js's canvas places it
        stack.push({ ...s });
        const transform = a?.[2] as ArrayLike<number> | undefined;
        const matrix = a?.[3] as ArrayLike<number> | undefined;
        if (transform?.length === 6) s.ctm = mul(Array.from(transform) as M, s.ctm);
        if (matrix?.length === 6) s.ctm = mul(Array.from(matrix) as M, s.ctm);
        break;
      }
      case OPS.setGState:
        for (const [k, v] of (a?.[0] ?? []) as [string, unknown][]) {
          if (k === 'ca') s.alpha = Number(v);
          // a multiplying blend (a highlighter) darkens text, it does not hide it
          if (k === 'BM' && v !== 'Normal' && v !== 'Compatible') s.alpha = 0;
        }
        break;
      case OPS.setFillRGBColor:
        s.fill = String(a?.[0] ?? '#000000');
        break;
      case OPS.setFillGray:
      case OPS.setFillCMYKColor:
      case OPS.setFillColorN:
        s.fill = `other:${JSON.stringify(a?.slice?.(0, 4) ?? '')}`;
        break;
      case OPS.beginText:
        tm = tlm = ID;
        break;
      case OPS.setFont:
        s.font = String(a?.[0] ?? '');
        s.size = Number(a?.[1] ?? 12);
        break;
      case OPS.setCharSpacing:
        s.charSpacing = Number(a?.[0] ?? 0);
        break;
      case OPS.setWordSpacing:
        s.wordSpacing = Number(a?.[0] ?? 0);
        break;
      case OPS.setHScale:
        s.hScale = Number(a?.[0] ?? 100) / 100;
        break;
      case OPS.setTextRise:
        s.rise = Number(a?.[0] ?? 0);
        break;
      case OPS.setLeading:
        s.leading = Number(a?.[0] ?? 0);
        break;
      case OPS.setTextRenderingMode:
        s.mode = Number(a?.[0] ?? 0);
        break;
      case OPS.setTextMatrix:
        tm = tlm = Array.from((a?.[0] ?? ID) as ArrayLike<number>) as M;
        break;
      case OPS.moveText:
        moveText(Number(a[0]), Number(a[1]));
        break;
      case OPS.setLeadingMoveText:
        s.leading = -Number(a[1]);
        moveText(Number(a[0]), Number(a[1]));
        break;
      case OPS.nextLine:
        moveText(0, -s.leading);
        break;
      case OPS.showText:
      case OPS.showSpacedText:
        show((a?.[0] ?? []) as unknown[]);
        break;
      case OPS.nextLineShowText:
        moveText(0, -s.leading);
        show((a?.[0] ?? []) as unknown[]);
        break;
      case OPS.nextLineSetSpacingShowText:
        s.wordSpacing = Number(a?.[0] ?? 0);
        s.charSpacing = Number(a?.[1] ?? 0);
        moveText(0, -s.leading);
        show((a?.[2] ?? []) as unknown[]);
        break;
      case OPS.constructPath: {
        const op = a?.[0];
        const filled = op === OPS.fill || op === OPS.eoFill || op === OPS.fillStroke || op === OPS.eoFillStroke || op === OPS.closeFillStroke || op === OPS.closeEOFillStroke;
        const mm = a?.[2] as ArrayLike<number> | undefined;
        if (filled && mm && mm.length >= 4 && Number.isFinite(mm[0])) fill(boxOf(s.ctm, mm[0]!, mm[1]!, mm[2]!, mm[3]!));
        break;
      }
      case OPS.paintImageXObject:
      case OPS.paintInlineImageXObject:
      case OPS.paintImageMaskXObject:
      case OPS.paintSolidColorImageMask:
        images++;
        fill(boxOf(s.ctm, 0, 0, 1, 1));
        break;
    }
  }
  // a run is covered when something opaque drawn after it covers most of it; camouflaged when
  // its colour is that of the last fill drawn before it under it (or of the white page)
  runs.forEach((run, r) => {
    const size = area(run.box);
    let under = '#ffffff';
    for (const f of fills) {
      const share = overlap(f.box, run.box) / size;
      if (share < 0.6) continue;
      if (f.after > r) {
        covered.push(run.box);
        return;
      }
      under = f.color;
    }
    if (under === run.color) camouflaged.push(run.box);
  });
  return { covered, camouflaged, images };
}

/** Whether the centre of a stretch of text lies inside one of the boxes. */
export function inside(boxes: Box[], x: number, y: number): boolean {
  for (const b of boxes) if (x >= b.x0 - 0.5 && x <= b.x1 + 0.5 && y >= b.y0 - 0.5 && y <= b.y1 + 0.5) return true;
  return false;
}
