/**
 * A regex of letters' kinds (`\p{L}`, `\p{Lu}`, `\p{Ll}`…, under `u`) that is compiled only when a
 * text beyond ASCII needs it. V8 compiles such a class to its hundreds of ranges, about 2 M
 * instructions a regex, and the name checks' dozen of them cost a one-file scan 20-25 M of the
 * 330 M it spent beyond bare Node (callgrind, issue 16). On an ASCII text the `ascii` regex
 * answers: it must match there exactly as the Unicode one does (`\p{Lu}` is `[A-Z]` in ASCII,
 * `\p{Ll}` `[a-z]`, `\p{L}` `[A-Za-z]`, `\p{N}` `[0-9]`, `\p{M}` nothing), which
 * __tests__/shared/letter-regexp.test.ts checks for every one made.
 */
export class LetterRegExp {
  readonly #source: string;
  readonly #flags: string;
  readonly #ascii: RegExp;
  #unicode: RegExp | undefined;

  constructor(source: string, flags: string, ascii: RegExp) {
    this.#source = source;
    this.#flags = flags;
    this.#ascii = ascii;
    MADE.push(this);
  }

  /** The regex to run on `text`: the ASCII one when every character of `text` is ASCII. */
  for(text: string): RegExp {
    return ASCII_ONLY.test(text) ? this.#ascii : (this.#unicode ??= new RegExp(this.#source, this.#flags));
  }

  test(text: string): boolean {
    return this.for(text).test(text);
  }

  exec(text: string): RegExpExecArray | null {
    return this.for(text).exec(text);
  }

  /** The Unicode regex and its ASCII twin, for the test that they agree on ASCII. */
  get pair(): { unicode: RegExp; ascii: RegExp } {
    return { unicode: new RegExp(this.#source, this.#flags), ascii: this.#ascii };
  }
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** Every LetterRegExp made so far (the test checks each). */
export const MADE: LetterRegExp[] = [];

/** A letter or a digit, of any script. */
export const LETTER_OR_DIGIT = new LetterRegExp('[\\p{L}\\p{N}]', 'u', /[A-Za-z0-9]/);
