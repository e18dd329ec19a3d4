import type { Field, FieldContext, Hidden } from '../../types.js';

/** A paragraph's text cut into fields of at most this many characters (a runaway paragraph stays bounded). */
const MAX_PARAGRAPH = 1024 * 1024;

/**
 * A paragraph being put together from runs of text, some of which hide (deleted text of a
 * tracked change, hidden text): one Field with the whole text, whose hidden stretches are
 * marked, so that a name half deleted is still one name and its finding says where it hid.
 * Between a hidden run and a shown one that touch without a space, a space is put: a deletion
 * replaced by an insertion ("Jane" → "J. E.") does not run the two words together.
 */
export class ParagraphBuilder {
  private parts: string[] = [];
  private length = 0;
  private runs: { start: number; end: number; hidden: Hidden }[] = [];
  private lastHidden: Hidden | undefined | null = null;
  private lastChar = ' ';

  /** Adds text of a run (`hidden`: where it hides, if it does); returns a full field's text when the bound is reached. */
  add(text: string, hidden?: Hidden): void {
    if (text.length === 0) return;
    if (this.lastHidden !== null && this.lastHidden !== hidden && !/\s/.test(this.lastChar) && !/^\s/.test(text)) this.push(' ', undefined);
    this.push(text, hidden);
  }

  private push(text: string, hidden: Hidden | undefined): void {
    if (hidden) {
      const last = this.runs[this.runs.length - 1];
      if (last && last.hidden === hidden && last.end === this.length) last.end += text.length;
      else this.runs.push({ start: this.length, end: this.length + text.length, hidden });
    }
    this.parts.push(text);
    this.length += text.length;
    this.lastHidden = hidden;
    this.lastChar = text[text.length - 1]!;
  }

  get full(): boolean {
    return this.length >= MAX_PARAGRAPH;
  }

  get empty(): boolean {
    return this.length === 0;
  }

  /** The paragraph as a field (undefined when it has no visible character), and an empty builder. */
  take(line: number, ctx: FieldContext, hidden?: Hidden, page?: number): Field | undefined {
    const text = this.parts.join('');
    const runs = this.runs;
    this.parts = [];
    this.length = 0;
    this.runs = [];
    this.lastHidden = null;
    this.lastChar = ' ';
    if (!/\S/.test(text)) return undefined;
    const f: Field = { text, line, column: 1, offset: 0, ctx };
    if (hidden) f.hidden = hidden;
    else if (runs.length === 1 && runs[0]!.start === 0 && runs[0]!.end === text.length) f.hidden = runs[0]!.hidden;
    else if (runs.length > 0) f.hiddenRuns = runs;
    if (page) f.page = page;
    return f;
  }
}
