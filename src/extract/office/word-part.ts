import type { Field, FieldContext, Hidden } from '../../types.js';
import { normalizeName } from '../../shared/field-name.js';
import type { NamedValues } from './document-reader.js';
import { ParagraphBuilder } from './paragraph.js';
import { parseXml } from './xml-stream.js';
import type { Parts } from './zip-parts.js';

export interface WordPartOptions {
  /** Everything in the part hides (a comment). */
  hidden?: Hidden;
  /** Authors of comments and tracked changes are added here. */
  authors: NamedValues;
  /** Character and paragraph styles that hide their text (`w:vanish` in styles.xml). */
  hiddenStyles: ReadonlySet<string>;
}

const TEXT: FieldContext = { where: 'text' };

interface Table {
  row: number;
  col: number;
  next: number;
  headerRow: boolean;
  headers: FieldContext[];
}

/**
 * A WordprocessingML part (the body, a header or footer, the footnotes, endnotes or comments) as
 * one field per paragraph, in order, with `line` the paragraph's number in the part. Deleted text
 * of tracked changes (`w:del`, `w:delText`, `w:moveFrom`) and hidden text (`w:vanish`, directly
 * or by style) are read and marked; text boxes (`w:txbxContent`) are paragraphs of their own;
 * `mc:Fallback` copies are skipped (they repeat the `mc:Choice`). A table's first row (and rows
 * marked as header rows) are its header: a cell below is judged with its column's header.
 */
export async function* readWordPart(parts: Parts, part: string, opts: WordPartOptions): AsyncGenerator<Field[]> {
  let out: Field[] = [];
  let line = 0;
  const paragraphs: { builder: ParagraphBuilder; table: Table | undefined; hidden: Hidden | undefined }[] = [];
  const tables: Table[] = [];
  let deleted = 0;
  let fallback = 0;
  let runHidden: Hidden | undefined;
  let inRun = false;
  let inText = false;
  let deletedText = false;
  const top = (): ParagraphBuilder | undefined => paragraphs[paragraphs.length - 1]?.builder;
  const hiddenNow = (): Hidden | undefined => (deleted > 0 || deletedText ? 'tracked-deletion' : runHidden ?? paragraphs[paragraphs.length - 1]?.hidden);
  const emit = (p: { builder: ParagraphBuilder; table: Table | undefined }): void => {
    const table = p.table;
    let ctx = TEXT;
    if (table && table.col >= 0) {
      if (table.headerRow || table.row === 0) {
        const f = p.builder.take(++line, TEXT, opts.hidden);
        if (!f) return;
        const label = f.text.trim();
        const prev = table.headers[table.col];
        const joined = prev?.label ? `${prev.label} ${label}` : label;
        table.headers[table.col] = { where: 'cell', label: joined, name: normalizeName(joined) };
        f.ctx = { where: 'header', label, name: normalizeName(label) };
        out.push(f);
        return;
      }
      ctx = table.headers[table.col] ?? (table.headers[table.col] = { where: 'cell', label: `column ${table.col + 1}`, name: '' });
    }
    const f = p.builder.take(++line, ctx, opts.hidden);
    if (f) out.push(f);
  };
  for await (const _ of parseXml(parts.open(part), {
    open(name, a) {
      if (fallback > 0) {
        if (name === 'Fallback') fallback++;
        return;
      }
      switch (name) {
        case 'Fallback':
          fallback++;
          return;
        case 'p':
          paragraphs.push({ builder: new ParagraphBuilder(), table: tables[tables.length - 1], hidden: undefined });
          return;
        case 'pStyle':
          if (a.val && opts.hiddenStyles.has(a.val) && paragraphs.length > 0) paragraphs[paragraphs.length - 1]!.hidden = 'hidden-text';
          return;
        case 'r':
          inRun = true;
          runHidden = undefined;
          return;
        case 'rStyle':
          if (a.val && opts.hiddenStyles.has(a.val)) runHidden = 'hidden-text';
          return;
        case 'vanish':
        case 'specVanish':
          if (inRun && a.val !== '0' && a.val !== 'false' && a.val !== 'off') runHidden = 'hidden-text';
          return;
        case 'del':
        case 'moveFrom':
          deleted++;
          if (a.author) opts.authors.add('change author', a.author);
          return;
        case 'ins':
        case 'moveTo':
          if (a.author) opts.authors.add('change author', a.author);
          return;
        case 'comment':
          if (a.author) opts.authors.add('comment author', a.author);
          return;
        case 't':
        case 'instrText':
          inText = true;
          return;
        case 'delText':
        case 'delInstrText':
          inText = true;
          deletedText = true;
          return;
        case 'tab':
          if (inRun) top()?.add('\t', hiddenNow());
          return;
        case 'br':
        case 'cr':
          if (inRun) top()?.add('\n', hiddenNow());
          return;
        case 'noBreakHyphen':
          if (inRun) top()?.add('-', hiddenNow());
          return;
        case 'tbl':
          tables.push({ row: -1, col: -1, next: 0, headerRow: false, headers: [] });
          return;
        case 'tr': {
          const t = tables[tables.length - 1];
          if (t) [t.row, t.col, t.next, t.headerRow] = [t.row + 1, -1, 0, false];
          return;
        }
        case 'tblHeader': {
          const t = tables[tables.length - 1];
          if (t && a.val !== '0' && a.val !== 'false') t.headerRow = true;
          return;
        }
        case 'tc': {
          const t = tables[tables.length - 1];
          if (t) [t.col, t.next] = [t.next, t.next + 1];
          return;
        }
        case 'gridSpan': {
          const t = tables[tables.length - 1];
          if (t) t.next = t.col + Math.max(1, Number(a.val) || 1);
          return;
        }
      }
    },
    text(t) {
      if (!inText || fallback > 0) return;
      const p = top();
      if (!p) return;
      p.add(t, hiddenNow());
      if (p.full) emit(paragraphs[paragraphs.length - 1]!);
    },
    close(name) {
      if (fallback > 0) {
        if (name === 'Fallback') fallback--;
        return;
      }
      switch (name) {
        case 'p': {
          const p = paragraphs.pop();
          if (p) emit(p);
          return;
        }
        case 'r':
          inRun = false;
          runHidden = undefined;
          return;
        case 'del':
        case 'moveFrom':
          deleted--;
          return;
        case 't':
        case 'instrText':
          inText = false;
          return;
        case 'delText':
        case 'delInstrText':
          inText = false;
          deletedText = false;
          return;
        case 'tbl':
          tables.pop();
          return;
      }
    },
  }, part)) {
    if (out.length > 0) {
      yield out;
      out = [];
    }
  }
}
