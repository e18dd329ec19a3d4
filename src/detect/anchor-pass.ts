import { AnchorDfa } from './anchor-dfa.js';
import { buildNfa } from './anchor-nfa.js';
import { canLoop } from './anchor-wasm.js';

/**
 * A batch shorter than this is searched regex by regex: a call of the pass costs some 4 µs
 * however short the batch (the lists it gives, the text copied into the loop's memory), about
 * what searching for a dozen regexes in a hundred characters does. A small file's fields are one
 * batch of 0.5 to 4 K characters, which the regexes searched in 15 to 30 µs.
 */
export const PASS_FROM = 256;

/**
 * The pass is made once the detector's batches (of PASS_FROM or more) have held this many
 * characters, from the regexes they were asked for: making it (its states, and V8 optimising its
 * loops) costs about what searching for them in 2 to 3 MB does, which a smaller input would not
 * earn back (a 2 MB case CSV took 9 % more CPU with the pass made after 1 MB). Small files count
 * together: a thread's detector serves them all (issue 16: 50,000 JSON files of 1.4 KB took 9 %
 * less CPU, 20,000 HTML pages 18 % less, with the pass serving their batches).
 */
const LEARN_CHARS = 1 << 21;

/**
 * The anchors and keywords a detector's batches (of PASS_FROM or more) are searched for, found in
 * one pass per batch. Which regexes a batch is asked for depends on its text (a rule whose literal
 * prefilter is absent asks for nothing): the pass is made, once, from those its first 2 MB of
 * batches were asked for (and `always`), each searched for as a regex until then, as are those it
 * leaves out.
 */
export class AnchorPass {
  /**
   * The state that changes once, when the pass is made, is kept where V8 does not take it for a
   * constant: the detector holds its pass for good, so V8 folded fields of it that had not changed
   * yet (the pass not made) into the optimised detector, and making the pass threw away every
   * function that had (patterns, open, fieldsWith, fewFor…), all compiled again (issue 16).
   * - `covered`: the regexes the pass finds, by where it lists them; empty until made, and again
   *   if it gives up;
   * - `dfa`: the automaton, once made and until it gives up (none: the regexes);
   * - `made`: 1 once the pass is made, or given up for the regexes.
   */
  private readonly covered = new Map<RegExp, number>();
  private readonly dfa: AnchorDfa[] = [];
  private readonly made = new Uint8Array(1);
  private readonly asked: Set<RegExp>;
  /** The characters of the batches seen before the pass was made. */
  private learnt = 0;

  constructor(always: readonly RegExp[]) {
    this.asked = new Set(always);
  }

  /** A batch of `length` characters begins: whether the pass serves it. */
  begin(length: number): boolean {
    if (length < PASS_FROM) return false;
    if (this.made[0] === 1) return true;
    this.learnt += length;
    if (this.learnt > LEARN_CHARS) this.prepare();
    return this.made[0] === 1;
  }

  /** A batch the pass does not serve yet was asked for `re`. */
  ask(re: RegExp): void {
    if (this.made[0] === 0) this.asked.add(re);
  }

  /** Where the pass lists the fields `re` occurs in (in what `run` gives), if it finds it. */
  patternOf(re: RegExp): number | undefined {
    return this.covered.get(re);
  }

  /**
   * The fields each covered regex occurs in (`text` as AnchorSearch has it), by patternOf;
   * undefined when the pass gives up. The lists are read, never added to: a regex in no field
   * shares one that cannot be.
   */
  run(text: string, starts: Int32Array): number[][] | undefined {
    const lists = this.dfa[0]!.scan(text, starts);
    if (!lists) {
      // too many states: the regexes from now on
      this.covered.clear();
      this.dfa.length = 0;
    }
    return lists;
  }

  private prepare(): void {
    this.made[0] = 1;
    // without WebAssembly (node --jitless), the regexes
    if (!canLoop) return;
    const distinct = [...this.asked];
    const { nfa, index } = buildNfa(distinct);
    distinct.forEach((re, i) => {
      if (index[i] !== undefined) this.covered.set(re, index[i]!);
    });
    this.dfa.push(new AnchorDfa(nfa));
  }
}
