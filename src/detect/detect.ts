import { judge } from './judge.js';
import { nameMatch, valueMatch } from './name-match.js';
import { normalizeName } from '../shared/field-name.js';
import { ownString } from '../shared/own-string.js';
import { RuleGuard } from '../shared/rule-guard.js';
import { AnchorDensity, AnchorSearch, anchorPass } from './anchor-search.js';
import { ContextTallies } from './context-tallies.js';
import { PASS_FROM } from './anchor-pass.js';
import { type Consider, ruleSearch } from './rule-search.js';
import { anchorIsRule, anchorOf, digitRunOf, prefilterOn } from './prefilter.js';
import { OPEN_KEYWORD, OPEN_RUN, gateValue, gated, keywordsAnywhere } from './rule-gate.js';
import type { CompiledFieldRule, CompiledRule, Field, FieldContext, Knowledge, RawMatch, Ruleset } from '../types.js';

/** A ruleset built by hand knows nothing beyond its rules: no placeholder, shape or role key. */
const NO_KNOWLEDGE: Knowledge = { plausible: new Map(), covers: new Map(), roleKeys: [] };
/** Joins the fields of a batch into one text, so each regex runs once per batch. Never matched by a rule. */
export const SEP = '\u0000';

interface Resolved {
  /**
   * For headers and keys: the field rule their own name triggers (null: none), once worked out;
   * undefined while not, and always for a name whose rule can depend on a sibling's role.
   */
  nameRule: CompiledFieldRule | null | undefined;
  /** For values: the field rule their column or key implies, and whether it needs a role sibling. */
  valueRule: CompiledFieldRule | undefined;
  /** Field-name words to test rules' `fields.enable`/`disable` and keywords against. */
  words: string;
  /** Some field rule takes this name when a sibling gives the role (`{"role": "victim", "name": …}`). */
  bySibling: boolean;
  /** Each rule's gate value for this context (rule-gate.ts), by the rule's place in the ruleset; 0 until worked out. */
  gates: Uint8Array | undefined;
  /** The last batch this context was seen in (to list a batch's contexts once each). */
  batch: number;
  /**
   * The context's leaf name and enclosing names ('' for none), and whether it is a header's or
   * key's: read here, not from contexts, which come in many shapes (issue 16: a rare path reading
   * them threw away the optimised detect).
   */
  name: string;
  within: string;
  isName: boolean;
}

export interface Detector {
  /**
   * Finds every rule match in a batch of fields. `joined`, when given, is their texts joined by
   * U+0000 (the normalisation stage builds it already).
   */
  detect(fields: Field[], joined?: string): RawMatch[];
  /** Releases the worker that runs user rules, if one was started. */
  close(): void;
  /** True when a value's column or key name says what it holds (a field rule takes it, or may by a sibling's role). */
  named(field: Field): boolean;
}

/** Binds a ruleset into a detector; per-context work is cached across batches. */
export function createDetector(ruleset: Ruleset): Detector {
  const knowledge = ruleset.knowledge ?? NO_KNOWLEDGE;
  // by context, which lives as long as its file's extractor: a run of 50,000 files keeps none of theirs
  const cache = new WeakMap<FieldContext, Resolved>();
  const trusted = ruleset.rules.filter((r) => !r.untrusted);
  const untrusted = ruleset.rules.filter((r) => r.untrusted);
  const guard = untrusted.length > 0 ? new RuleGuard() : undefined;
  const guarded = untrusted.map((r) => ({ id: r.id, source: r.re.source, flags: r.re.flags }));
  // prefilter, then confirm: a rule with an anchor runs only on the fields its anchor occurs in
  const on = prefilterOn();
  const anchors = on ? trusted.map((r) => anchorOf(r.re)) : [];
  // a rule that needs a long run of digits looks for its anchor only where one search found such a run
  const digitRuns = on ? trusted.map((r) => digitRunOf(r.re)) : [];
  // a rule whose anchor is the rule itself runs on a small batch without looking for it first
  const whole = on ? trusted.map((r) => anchorIsRule(r.re)) : [];
  const density = new AnchorDensity(trusted.length);
  const place = new Map(ruleset.rules.map((r, i) => [r, i]));
  const bitsOf = (r: Resolved, rule: CompiledRule, i: number): number => {
    const gates = (r.gates ??= new Uint8Array(ruleset.rules.length));
    let value = gates[i]!;
    if (value === 0) gates[i] = value = gateValue(rule, r.words);
    return value;
  };
  let batches = 0;
  // each trusted rule's place in the ruleset, and its keywords as searched for in a whole batch
  const places = trusted.map((r) => place.get(r)!);
  const keywordSearch = trusted.map((r) => (gated(r) ? keywordsAnywhere(r) : undefined));
  const searchRule = ruleSearch(trusted, places);
  // the anchors and keywords, found in one pass over a big batch
  const pass = on ? anchorPass() : undefined;
  // each gated rule's decisions counted over a batch's contexts, kept for the next batch with the same ones
  const tallies = new ContextTallies(trusted.length);

  // the first field rule whose name pattern takes `name` and whose `within` (if any) is met by
  // the enclosing names or by a sibling's role ("role": "victim")
  const firstFieldRule = (name: string, within: string, siblingRole: string): CompiledFieldRule | undefined => {
    for (const fr of ruleset.fields) {
      if (!fr.name.test(name)) continue;
      if (fr.within && !fr.within.test(within) && !(siblingRole && fr.within.test(siblingRole))) continue;
      return fr;
    }
    return undefined;
  };
  // names whose rule can depend on a sibling's role: the others need not look at siblings
  // (these caches keep copies of their keys: a name cut from a file's text would keep that text alive)
  const roleNames = new Map<string, boolean>();
  const takesRole = (name: string): boolean => {
    let yes = roleNames.get(name);
    if (yes === undefined) {
      yes = ruleset.fields.some((fr) => fr.within && fr.name.test(name));
      if (roleNames.size < 10000) roleNames.set(ownString(name), yes);
    }
    return yes;
  };
  // by name, then enclosing words, then role: a key joined from the three was a string built and
  // hashed for every key of every record, 3-5 % of a run on JSON (issue 16); the name's entry also
  // says whether a sibling's role can matter, so most keys cost one lookup by name and one by words
  const ruleCache = new Map<string, { takesRole: boolean; byWithin: Map<string, Map<string, CompiledFieldRule | null>> }>();
  let cachedRules = 0;
  const fieldRuleFor = (name: string, within: string, siblings?: Readonly<Record<string, string>>): CompiledFieldRule | undefined => {
    let byName = ruleCache.get(name);
    if (byName === undefined) {
      byName = { takesRole: takesRole(name), byWithin: new Map() };
      if (ruleCache.size < 10000) ruleCache.set(ownString(name), byName);
    }
    const role = siblings && byName.takesRole ? siblingWords(siblings, knowledge.roleKeys) : '';
    let byRole = byName.byWithin.get(within);
    let rule = byRole?.get(role);
    if (rule === undefined) {
      rule = firstFieldRule(name, within, role) ?? null;
      if (cachedRules < 10000) {
        cachedRules++;
        if (!byRole) byName.byWithin.set(ownString(within), (byRole = new Map()));
        byRole.set(ownString(role), rule);
      }
    }
    return rule ?? undefined;
  };

  // by what a context's resolution depends on (its names, and whether it is a name or a value):
  // each of 50,000 small files has contexts of its own, and worked out each one's rule gates
  // again, a sixth of the run's time (issue 16)
  const shared = new Map<string, Resolved>();
  const resolve = (field: Field): Resolved => {
    const ctx = field.ctx;
    let r = cache.get(ctx);
    if (r) return r;
    const name = ctx.name ?? '';
    const within = ctx.within ?? '';
    const isName = ctx.where === 'header' || ctx.where === 'key';
    const key = `${isName ? 'n' : 'v'}\u0000${within}\u0000${name}`;
    r = shared.get(key);
    if (!r) {
      const valueRule = !isName && name ? fieldRuleFor(name, within) : undefined;
      const bySibling = !isName && name !== '' && !valueRule && takesRole(name);
      // every field set at once, in one order: one object shape, which the batch loops read without a deopt
      r = { nameRule: undefined, valueRule, words: `${within} ${name}`.trim(), bySibling, gates: undefined, batch: 0, name, within, isName };
      if (shared.size < 10000) {
        r.words = ownString(r.words);
        r.name = ownString(name);
        r.within = ownString(within);
        shared.set(ownString(key), r);
      }
    }
    cache.set(ctx, r);
    return r;
  };

  // a header's or key's own rule: kept with its context when no sibling's role can change it (a
  // JSON file's keys are half its fields, and each was three lookups by name, words and role)
  const nameRuleOf = (f: Field, r: Resolved): CompiledFieldRule | undefined => {
    const name = r.name;
    if (!name) return fieldRuleFor(normalizeName(f.text), r.within, f.siblings);
    if (r.nameRule !== undefined) return r.nameRule ?? undefined;
    const rule = fieldRuleFor(name, r.within, f.siblings);
    if (!takesRole(name)) r.nameRule = rule ?? null;
    return rule;
  };

  return {
    close() {
      guard?.stop();
    },
    named(field: Field): boolean {
      const r = resolve(field);
      return r.valueRule !== undefined || r.bySibling === true;
    },
    detect(fields: Field[], joined?: string): RawMatch[] {
      const out: RawMatch[] = [];
      if (fields.length === 0) return out;
      // each loop over the fields in a function of its own: V8 compiles a function whose loop runs
      // long in the interpreter once for that loop (on-stack replacement) and again for its calls,
      // and compiled detect so twice over on a group of small files' fields (issue 16: TurboFan's
      // memory on json-files-5000 and html-files-2000 -1 %, case notes the same)
      const resolved = resolveAll(fields);
      names(fields, resolved, out);
      patterns(fields, resolved, joined, out);
      return out;
    },
  };

  /** Each field's resolution, pushed, not mapped: map's arrays are holey or not as it runs in the interpreter or optimised. */
  function resolveAll(fields: Field[]): Resolved[] {
    const resolved: Resolved[] = [];
    for (let i = 0; i < fields.length; i++) resolved.push(resolve(fields[i]!));
    return resolved;
  }

  /** Field names: a header or key whose name says personal data, and the values under it; their matches added to `out`. */
  function names(fields: Field[], resolved: Resolved[], out: RawMatch[]): void {
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const r = resolved[i]!;
      if (r.isName) {
        if (f.holds === 'object' || f.holds === 'empty') continue;
        const rule = nameRuleOf(f, r);
        // a header or key whose name says personal data: the finding is the name itself
        if (rule) out.push(nameMatch(f, rule.id, 'sensitive-field', rule.severity, f.text));
        continue;
      }
      let rule = r.valueRule;
      if (!rule && f.siblings && r.bySibling) {
        const r2 = fieldRuleFor(r.name, r.within, f.siblings);
        if (r2?.within) rule = r2;
      }
      if (rule?.category) {
        const m = valueMatch(f, rule, knowledge);
        if (m) out.push(m);
      }
    }
  }

  /**
   * The pattern rules over a batch, their matches added to `out`: each rule's regex runs once over
   * the whole batch. A function of its own, too big for V8 to inline into detect: a branch one of
   * them first takes after V8 optimised it (a rare field name, a rule's anchor turning dense)
   * throws away and compiles again that one alone, not the other with it (issue 16).
   */
  function patterns(fields: Field[], resolved: Resolved[], joined: string | undefined, out: RawMatch[]): void {
    const starts = new Int32Array(fields.length + 1);
    // each field's text read at this one place, which meets fields of every shape: a second place,
    // run by a batch of one field alone, was optimised for the few shapes it had met and thrown
    // away on another (a group of small files, issue 16)
    const texts: string[] = [];
    let total = 0;
    for (let i = 0; i < fields.length; i++) {
      const t = fields[i]!.text;
      starts[i] = total;
      total += t.length + 1;
      if (joined === undefined) texts.push(t);
    }
    starts[fields.length] = total;
    const text = joined ?? (texts.length === 1 ? texts[0]! : texts.join(SEP));
    // (`at`: the rule's place in the ruleset, which its gate values are kept by)
    const consider: Consider = (rule, at, index, value, groups, fi) => {
      const field = fields[fi]!;
      const local = index - starts[fi]!;
      // a match that runs into the next field is not one value
      if (local + value.length > field.text.length) return true;
      const r = resolved[fi]!;
      const hit = judge(rule, field, r.words, bitsOf(r, rule, at), local, value, groups);
      if (hit) out.push(hit);
      return hit !== undefined;
    };
    // the fields an anchor or keyword occurs in, found once per batch for all the rules that share it
    const search = new AnchorSearch(fields, text, starts, pass);
    // the batch's distinct contexts (a column, a key path): a rule's gate is decided once for each
    const batch = ++batches;
    const contexts: Resolved[] = [];
    for (let i = 0; i < resolved.length; i++) {
      const r = resolved[i]!;
      if (r.batch === batch) continue;
      r.batch = batch;
      contexts.push(r);
    }
    const tally = tallies.of(contexts);
    // the fields a gated rule can report in, of `candidates` (all fields when undefined); the
    // fields a keyword occurs in are found in one search of the batch, shared by rules with the
    // same keywords, or when the candidates are `few`, by a search of each
    const open = (r: number, candidates: number[] | undefined, few = false): number[] | undefined => {
      const rule = trusted[r]!;
      const at = places[r]!;
      const decision = (res: Resolved): number => bitsOf(res, rule, at) >> 4;
      let runs = tally[2 * r]!;
      let keyed = tally[2 * r + 1]!;
      if (runs === -1) {
        runs = 0;
        keyed = 0;
        for (let i = 0; i < contexts.length; i++) {
          const d = decision(contexts[i]!);
          if (d === OPEN_RUN) runs++;
          else if (d === OPEN_KEYWORD) keyed++;
        }
        tally[2 * r] = runs;
        tally[2 * r + 1] = keyed;
      }
      if (runs === contexts.length) return candidates;
      if (runs + keyed === 0) return [];
      const any = keywordSearch[r];
      if (!any && runs === 0) return candidates ?? everyField(fields.length);
      // no context runs anyway: only the fields a keyword occurs in, of those the keyword decides
      const pool = runs === 0 && any && !few ? search.fieldsWith(any) : candidates;
      const out: number[] = [];
      // few candidates are searched one by one, unless the batch's pass has listed the keyword's fields
      let withKeyword = few && any ? search.known(any) : undefined;
      const one = few && !withKeyword;
      let k = 0;
      let c = 0;
      const n = pool ? pool.length : fields.length;
      for (let p = 0; p < n; p++) {
        const fi = pool ? pool[p]! : p;
        if (runs === 0 && candidates) {
          while (c < candidates.length && candidates[c]! < fi) c++;
          if (candidates[c] !== fi) continue;
        }
        const d = decision(resolved[fi]!);
        if (d === OPEN_RUN || (d === OPEN_KEYWORD && !any)) out.push(fi);
        else if (d === OPEN_KEYWORD && one) {
          any!.lastIndex = 0;
          if (any!.test(fields[fi]!.text)) out.push(fi);
        } else if (d === OPEN_KEYWORD) {
          withKeyword ??= search.fieldsWith(any!);
          while (k < withKeyword.length && withKeyword[k]! < fi) k++;
          if (withKeyword[k] === fi) out.push(fi);
        }
      }
      return out;
    };
    const all = (list: number[] | undefined): number[] => list ?? everyField(fields.length);
    // runs trusted rule `r` on each of the fields listed (those `test` finds in, when given), or on
    // the whole batch (no list). The one place a rule's search runs: V8 compiled the search loop,
    // with the searchers' exec inlined into it, again at each place it was called from, three
    // times in this function and once in a function of its own (issue 16: --trace-turbo-inlining).
    // An indexed loop: arrays of two element kinds come here.
    const runOn = (r: number, list: number[] | undefined, test?: RegExp): void => {
      const n = list ? list.length : 1;
      for (let l = 0; l < n; l++) {
        const fi = list ? list[l]! : 0;
        const s = list ? fields[fi]!.text : text;
        if (test) {
          test.lastIndex = 0;
          if (!test.test(s)) continue;
        }
        searchRule(r, s, list ? starts[fi]! : 0, fi, starts, consider);
      }
    };
    for (let r = 0; r < trusted.length; r++) {
      const rule = trusted[r]!;
      if (rule.prefilter && text.indexOf(rule.prefilter) === -1) continue;
      const anchor = anchors[r];
      const gate = on && gated(rule);
      const few = anchor && gate && rule.required ? search.fewFor(anchor, digitRuns[r]!) : undefined;
      if (few) {
        // the fields with a long run of digits are few: the anchor, then names and keywords, on those alone
        runOn(r, all(open(r, few, true)));
      } else if (anchor && gate && rule.required) {
        // names and keywords are rarer than most anchors: they decide first, the anchor on what is left
        runOn(r, all(open(r, undefined)), anchor);
      } else if (anchor && !density.isDense(r) && !(whole[r] && text.length < PASS_FROM)) {
        const found = search.fewFor(anchor, digitRuns[r]!) ?? search.fieldsWith(anchor);
        density.note(r, starts, found);
        runOn(r, gate ? all(open(r, found)) : found);
      } else if (anchor) {
        // an anchor in most fields: the rule runs on the whole batch, or on the fields names leave it
        runOn(r, gate ? open(r, undefined) : undefined);
      } else if (!gate || open(r, undefined)?.length !== 0) {
        // its regex may see past a field: it runs on the whole batch, unless no field can hold a finding
        runOn(r, undefined);
      }
    }
    if (guard) {
      const results = guard.run(text, guarded);
      untrusted.forEach((rule, r) => {
        if (rule.prefilter && text.indexOf(rule.prefilter) === -1) return;
        const at = place.get(rule)!;
        let fi = 0;
        for (const [, , vIndex, vLength] of results[r]!) {
          while (starts[fi + 1]! <= vIndex) fi++;
          consider(rule, at, vIndex, text.slice(vIndex, vIndex + vLength), undefined, fi);
        }
      });
    }
  }
}

/** 0 to n - 1, pushed: field lists are packed arrays, and a holey one (map's) deopted the loops over them. */
function everyField(n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(i);
  return out;
}

/** The role a JSON object's sibling gives (`"role": "victim"`), from the first role key it has, as words. */
function siblingWords(siblings: Readonly<Record<string, string>>, roleKeys: readonly string[]): string {
  for (const k of roleKeys) if (siblings[k] !== undefined) return normalizeName(siblings[k]);
  return '';
}
