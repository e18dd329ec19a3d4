/** Lists of contexts kept with their tallies: a folder holds files of a few kinds. */
const KEPT = 8;

/**
 * Per rule, how many of a batch's distinct contexts let it run and how many leave it to a keyword,
 * kept for the last few lists of contexts met. A rule's decision in a context never changes, and
 * the files of a folder of one kind give their batches the same contexts (the extractors share
 * them), in the same order: 50,000 small files counted every gated rule's decisions over some 30
 * contexts in each file again (issue 16). An equal list (the same contexts, in the same order)
 * finds the counts of the batch it was met in.
 */
export class ContextTallies {
  private readonly lists: { contexts: readonly object[]; tally: Int32Array }[] = [];

  constructor(private readonly rules: number) {}

  /**
   * The tally of a batch's contexts: per rule `r`, at `2r` the contexts it runs in and at `2r + 1`
   * those a keyword decides, -1 at `2r` while not counted. That of an equal list met lately, else
   * a new one.
   */
  of(contexts: readonly object[]): Int32Array {
    const lists = this.lists;
    for (let i = 0; i < lists.length; i++) {
      const kept = lists[i]!;
      if (!sameList(kept.contexts, contexts)) continue;
      // the latest first: a folder's files of one kind come one after another
      if (i > 0) {
        lists.splice(i, 1);
        lists.unshift(kept);
      }
      return kept.tally;
    }
    const tally = new Int32Array(2 * this.rules).fill(-1);
    lists.unshift({ contexts, tally });
    if (lists.length > KEPT) lists.pop();
    return tally;
  }
}

function sameList(a: readonly object[], b: readonly object[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
