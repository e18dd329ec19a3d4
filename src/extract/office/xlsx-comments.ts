import type { Field, FieldContext } from '../../types.js';
import { parseCellRef } from './cell-ref.js';
import { NamedValues } from './document-reader.js';
import { readXml, TextBuffer } from './xml-stream.js';
import type { Parts } from './zip-parts.js';

const COMMENT: FieldContext = { where: 'comment', label: 'comment', name: 'comment' };

/**
 * The notes (`comments1.xml`: `<comment ref="B2"><text><r><t>…`) and threaded comments
 * (`threadedComment1.xml`: `<threadedComment ref="B2"><text>…`) of a sheet, each a field at its
 * cell, marked hidden as a comment (shown only on hover); and apart, the notes' authors.
 */
export async function readComments(parts: Parts, part: string): Promise<{ comments: Field[]; authors: Field[] }> {
  const out: Field[] = [];
  const authors = new NamedValues('comment');
  const text = new TextBuffer(Number.MAX_SAFE_INTEGER);
  let ref: string | undefined;
  let threaded = false;
  let inT = 0;
  let inAuthor = false;
  let inText = 0;
  let phonetic = 0;
  await readXml(parts.open(part), {
    open(name, a) {
      if (name === 'comment' || name === 'threadedComment') {
        ref = a.ref;
        threaded = name === 'threadedComment';
        text.take();
      } else if (name === 'author') {
        inAuthor = true;
        text.take();
      } else if (name === 'text') inText++;
      else if (name === 't') inT++;
      else if (name === 'rPh') phonetic++;
    },
    text(t) {
      // a note's text is in its runs' <t> elements (the indentation between runs is not text); a threaded comment's is in <text>
      const body = ref !== undefined && inText > 0 && (threaded || inT > 0);
      if ((inAuthor || body) && phonetic === 0 && text.length < 1024 * 1024) text.add(t);
    },
    close(name) {
      if (name === 'author') {
        inAuthor = false;
        authors.add('comment author', text.take());
      } else if (name === 'text') inText--;
      else if (name === 't') inT--;
      else if (name === 'rPh') phonetic--;
      else if ((name === 'comment' || name === 'threadedComment') && ref !== undefined) {
        const at = parseCellRef(ref.split(':')[0]!) ?? { row: 1, column: 1 };
        const body = text.take();
        if (/\S/.test(body)) out.push({ text: body, line: at.row, column: at.column, offset: 0, ctx: COMMENT, cell: ref.split(':')[0]!.replace(/\$/g, ''), hidden: 'comment' });
        ref = undefined;
      }
    },
  }, part);
  return { comments: out, authors: authors.fields };
}

/** The people of threaded comments (`xl/persons/person.xml`): display names and user ids (often e-mail addresses). */
export async function readPersons(parts: Parts, part: string): Promise<Field[]> {
  const people = new NamedValues('comment');
  await readXml(parts.open(part), {
    open(name, a) {
      if (name !== 'person') return;
      people.add('comment author', a.displayName ?? '');
      people.add('comment author id', a.userId ?? '');
    },
  }, part);
  return people.fields;
}
