import type {
  Category, CompiledAllow, CompiledFieldRule, CompiledRule, CompiledShape, Matcher, Pack, PackShape, Validator, PackAllow, PackFieldRule, PackRule, Ruleset, Severity,
} from '../types.js';
import { normalizeName } from '../shared/field-name.js';
import { buildMatcher, buildRuleRegExp, phraseRegExp } from './build-regexp.js';
import { compileKnowledge } from './compile-knowledge.js';
import { expandFragments } from './fragments.js';
import { PackError } from './pack-error.js';
import { personAround } from './people.js';
import { REFUSALS, VALIDATORS } from './validators.js';

/** Default severity of each category when a rule does not set one (DESIGN.md, categories). */
export const DEFAULT_SEVERITY: Readonly<Record<Category, Severity>> = {
  'person-name': 'high',
  address: 'high',
  postcode: 'medium',
  phone: 'high',
  email: 'high',
  'date-of-birth': 'high',
  nino: 'critical',
  'nhs-number': 'critical',
  passport: 'critical',
  'driving-licence': 'critical',
  'vehicle-registration': 'medium',
  'payment-card': 'critical',
  'bank-account': 'critical',
  iban: 'critical',
  'ip-address': 'medium',
  'pnc-id': 'critical',
  'crime-reference': 'medium',
  secret: 'critical',
  'sensitive-field': 'high',
  'unexpected-field': 'high',
};

const DEFAULT_WINDOW = 40;

/**
 * Compiles loaded packs into one ruleset: regexes built once, validators bound, ids and former ids
 * (aliases) checked unique, and every id an entry names (an allow entry's rules and shapes)
 * resolved to the id it has now. `knowledgeFrom` are packs whose knowledge (placeholders, shapes,
 * covers) counts though their rules do not run: the built-in packs under --no-default-packs.
 */
export function compilePacks(packs: Pack[], knowledgeFrom: Pack[] = []): Ruleset {
  const rules: CompiledRule[] = [];
  const fields: CompiledFieldRule[] = [];
  const allow: CompiledAllow[] = [];
  const shapes: CompiledShape[] = [];
  const ids = new Map<string, string>();
  const fingerprintIds = new Map<string, string>();
  const seen = new Map<string, string>();
  const claim = (entry: { id: string; aliases?: string[] }, source: string, prefix = ''): void => {
    for (const name of [entry.id, ...(entry.aliases ?? [])]) {
      const other = seen.get(prefix + name);
      if (other) throw new PackError(source, `duplicate id: ${name} is also defined in ${other}`, entry.id);
      seen.set(prefix + name, source);
      ids.set(prefix + name, entry.id);
    }
  };
  for (const pack of packs) {
    const { file, source } = pack;
    const at: PackPlace = { packId: file.id, file: source, untrusted: !pack.builtin, fragments: file.fragments };
    // a fragment no regex uses yet is checked too: the next rule to use it must not meet the error
    for (const name of Object.keys(file.fragments ?? {})) expandFragments(`{{${name}}}`, file.fragments, source, name, `fragments.${name}`);
    for (const r of file.rules ?? []) {
      claim(r, source);
      rules.push(compileRule(r, at));
      if (r.aliases) fingerprintIds.set(r.id, r.aliases[0]!);
    }
    for (const f of file.fields ?? []) {
      claim(f, source);
      fields.push(compileFieldRule(f, at));
      if (f.aliases) fingerprintIds.set(f.id, f.aliases[0]!);
    }
    for (const a of file.allow ?? []) {
      claim(a, source);
      allow.push(compileAllow(a, at));
    }
    for (const sh of file.shapes ?? []) {
      claim(sh, source);
      // an unexpected-field finding was reported as `shape.<id>` before shape ids took their
      // pack's name: it is named by the shape's id now, and still hashed as it was
      claim(sh, source, 'shape.');
      shapes.push(compileShape(sh, at));
      fingerprintIds.set(sh.id, `shape.${sh.aliases?.[0] ?? sh.id}`);
    }
  }
  const shapeIds = new Set(shapes.map((sh) => sh.id));
  for (const a of allow) {
    if (a.rules) a.rules = new Set([...a.rules].map((id) => ids.get(id) ?? id));
    if (!a.shapes) continue;
    const unknown = [...a.shapes].find((id) => !shapeIds.has(ids.get(id) ?? id));
    if (unknown) throw new PackError(packs.find((p) => p.file.id === a.packId)?.source ?? a.packId, `unknown shape "${unknown}"; known: ${[...shapeIds].join(', ') || 'none'}`, a.id, 'shapes');
    a.shapes = new Set([...a.shapes].map((id) => ids.get(id)!));
  }
  return { packs, rules, fields, allow, shapes, ids, fingerprintIds, knowledge: compileKnowledge([...knowledgeFrom, ...packs]) };
}

/** Where a pack entry comes from, and what its regexes may use: what every compile step needs. */
interface PackPlace {
  packId: string;
  file: string;
  untrusted: boolean;
  fragments: Readonly<Record<string, string>> | undefined;
}

/** A pack entry's regex, its `{{fragments}}` expanded, as a RegExp or (user pack) a GuardedRegExp. */
function entryMatcher(at: PackPlace, source: string, flags: string, id: string, where: string): Matcher {
  return buildMatcher(expandFragments(source, at.fragments, at.file, id, where), flags, at.file, id, where, at.untrusted);
}

function compileRule(r: PackRule, at: PackPlace): CompiledRule {
  const { packId, file } = at;
  const flags = r.flags ?? '';
  if (!/^(?:i|u|iu|ui)?$/.test(flags)) throw new PackError(file, `flags may only be "i" (ignore case) and "u" (Unicode, for \\p{…}) (got "${flags}")`, r.id, 'flags');
  const pattern = expandFragments(r.pattern, at.fragments, file, r.id, 'pattern');
  const hasValueGroup = /\(\?<value>/.test(pattern);
  const re = buildRuleRegExp(pattern, `g${flags}${hasValueGroup ? 'd' : ''}`, file, r.id, 'pattern');
  let validator: Validator | undefined;
  if (r.validator) {
    // own keys only: "toString" or "constructor" would otherwise find Object's methods
    validator = Object.hasOwn(VALIDATORS, r.validator) ? VALIDATORS[r.validator] : undefined;
    if (!validator) {
      throw new PackError(file, `unknown validator "${r.validator}"; known: ${Object.keys(VALIDATORS).join(', ')}`, r.id, 'validator');
    }
  }
  const ctx = r.context ?? {};
  // every key, in the order of CompiledRule: one shape for all rules
  return {
    id: r.id,
    packId,
    category: r.category,
    severity: r.severity ?? DEFAULT_SEVERITY[r.category],
    confidence: r.confidence ?? 'medium',
    description: r.description,
    why: r.why || undefined,
    re,
    valueGroup: hasValueGroup,
    prefilter: r.prefilter || undefined,
    validator,
    validatorName: validator ? r.validator! : undefined,
    refuses: validator && Object.hasOwn(REFUSALS, r.validator!) ? REFUSALS[r.validator!] : undefined,
    direction: ctx.direction ?? 'around',
    keywords: ctx.keywords?.length ? phraseRegExp(ctx.keywords) : undefined,
    exclude: ctx.exclude?.length ? phraseRegExp(ctx.exclude) : undefined,
    window: ctx.window ?? DEFAULT_WINDOW,
    required: ctx.required ?? false,
    enable: r.fields?.enable ? entryMatcher(at, r.fields.enable, '', r.id, 'fields.enable') : undefined,
    disable: r.fields?.disable ? entryMatcher(at, r.fields.disable, '', r.id, 'fields.disable') : undefined,
    untrusted: at.untrusted,
  };
}

function compileFieldRule(f: PackFieldRule, at: PackPlace): CompiledFieldRule {
  const compiled: CompiledFieldRule = {
    id: f.id,
    packId: at.packId,
    category: f.category,
    severity: f.severity ?? DEFAULT_SEVERITY['sensitive-field'],
    valueSeverity: f.category ? DEFAULT_SEVERITY[f.category] : DEFAULT_SEVERITY['sensitive-field'],
    description: f.description,
    name: entryMatcher(at, f.name, '', f.id, 'name'),
  };
  if (f.within) compiled.within = entryMatcher(at, f.within, '', f.id, 'within');
  return compiled;
}

function compileShape(sh: PackShape, at: PackPlace): CompiledShape {
  const columns = new Map<string, { value?: Matcher; optional: boolean }>();
  for (const c of sh.columns ?? []) {
    const col: { value?: Matcher; optional: boolean } = { optional: c.optional ?? false };
    if (c.value !== undefined) col.value = entryMatcher(at, `^(?:${c.value})$`, '', sh.id, `columns.${c.name}.value`);
    columns.set(normalizeName(c.name), col);
  }
  const compiled: CompiledShape = {
    id: sh.id,
    packId: at.packId,
    description: sh.description,
    format: sh.format,
    columns,
    keys: new Set(sh.keys ?? []),
    match: sh.match ?? [],
  };
  if (sh.tolerate) compiled.tolerate = entryMatcher(at, sh.tolerate, '', sh.id, 'tolerate');
  return compiled;
}

function compileAllow(a: PackAllow, at: PackPlace): CompiledAllow {
  const compiled: CompiledAllow = { id: a.id, packId: at.packId, description: a.description, window: a.window ?? 80, propagate: a.propagate ?? false };
  if (a.categories) compiled.categories = new Set(a.categories);
  if (a.rules) compiled.rules = new Set(a.rules);
  if (a.value) compiled.value = entryMatcher(at, a.value, 'i', a.id, 'value');
  if (a.path) compiled.path = entryMatcher(at, a.path, '', a.id, 'path');
  if (a.field) compiled.field = entryMatcher(at, a.field, '', a.id, 'field');
  if (a.text) compiled.text = entryMatcher(at, a.text, 'i', a.id, 'text');
  if (a.near?.length) compiled.near = phraseRegExp(a.near);
  if (a.when) compiled.when = Object.entries(a.when).map(([k, v]) => [k, entryMatcher(at, v, 'i', a.id, `when.${k}`)]);
  if (a.row) compiled.row = Object.entries(a.row).map(([k, v]) => [entryMatcher(at, k, '', a.id, `row.${k}`), entryMatcher(at, v, 'i', a.id, `row.${k}`)]);
  if (a.valueNot) compiled.valueNot = entryMatcher(at, a.valueNot, 'i', a.id, 'valueNot');
  if (a.beside) compiled.beside = entryMatcher(at, a.beside, 'i', a.id, 'beside');
  if (a.unlessPerson) compiled.unlessPerson = personAround;
  if (a.shapes?.length) compiled.shapes = new Set(a.shapes);
  // a value made public run-wide must come from a known shape, never from any file that says so
  if (compiled.propagate && !compiled.shapes) throw new PackError(at.file, '"propagate" needs "shapes": only a value a known shape publishes is public everywhere', a.id, 'propagate');
  return compiled;
}

