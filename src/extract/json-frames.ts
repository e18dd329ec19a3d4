// The objects and arrays the JSON extractor is inside, and the scopes they share: what every object
// or array at one place of the tree has in common (its key path, name and enclosing words).
import { normalizeName } from '../shared/field-name.js';
import type { Field, FieldContext } from '../types.js';
import type { ListItem } from './extractor.js';
import { ownString } from '../shared/own-string.js';
import { findShared, joinPath, joinWords, keepShared, MAX_PATH_DEPTH, MAX_SCOPES, runChild, RUN_ROOT, type RunScope, sharedContexts } from './json-run-scopes.js';
import type { Key } from './json-tokens.js';
import { fieldContext } from './field-context.js';
import { objectList } from './object-list.js';

export { MAX_PATH_DEPTH } from './json-run-scopes.js';
/** Contexts remembered per file; past this, new ones are made each time. */
const MAX_CONTEXTS = 10000;
/** Keys remembered in order per scope, to recognise the next key of an object without decoding it. */
const MAX_ORDER = 256;

/**
 * What every object or array at one place of the tree shares in a file, worked out once per file
 * rather than once per record: the path, name and words were strings made (and hashed, to find
 * their contexts) for every object. What does not depend on the file is the run's (RunScope).
 */
export interface Scope {
  /** The same place in the run's tree: its strings, its keys' order, its contexts shared by the run. */
  run: RunScope;
  /** Normalized key path (`priorities[*]`); the name of this container (its key, or its array's key) and the words of its ancestors (the run scope's). */
  path: string;
  name: string;
  within: string;
  depth: number;
  /** The contexts of keys and values here, by key (JsonExtractor.context), once looked up. */
  keyContexts: Map<string, FieldContext> | undefined;
  valueContexts: Map<string, FieldContext> | undefined;
  /** The scopes of the objects and arrays inside: by key in an object, the one in an array. */
  members: Map<string, Scope> | undefined;
  element: Scope | undefined;
  /** The keys of the last objects here, in their order (knownKey): at first the run's last ones. */
  order: Key[];
  /**
   * The contexts of the key at each place of `order` and of its value, once looked up (placed): a
   * key recognised by its place finds them there, not by two Map lookups a record.
   */
  orderKeys: (FieldContext | undefined)[];
  orderValues: (FieldContext | undefined)[];
}

/** An object or array the JSON extractor is inside. */
export interface Frame {
  kind: 'object' | 'array';
  /** Object: expecting 'key' | 'colon' | 'value' | 'comma'. Array: 'value' | 'comma'. */
  state: 'key' | 'colon' | 'value' | 'comma' | 'first';
  key: string;
  /** The label segment of `key` (internKey). */
  seg: string;
  index: number;
  /** Display label with indexes (`$.priorities[3]`). */
  label: string;
  scope: Scope;
  /** The label of the current key (`label` + `seg`), which its value shares. */
  keyLabel: string;
  /** The place in the scope's `order` of the current key when it was recognised or learnt there, else -1. */
  at: number;
  /** Object: how many keys were read. */
  keys: number;
  siblings: Record<string, string> | undefined;
  /** How many values were put in `siblings`: at least how many keys it holds, and that exactly once it reaches MAX_SIBLINGS (rememberSibling). */
  siblingCount: number;
  pending: (Field | undefined)[] | undefined;
  /** How many of `pending`'s first slots hold fields (the array keeps its length, and its room, from object to object). */
  held: number;
  /** The contexts of this container's keys and values, when it has its own (JsonExtractor.contexts). */
  keyContexts: Map<string, FieldContext> | undefined;
  valueContexts: Map<string, FieldContext> | undefined;
  /** The key just read, held until its value shows whether it names data (objects do not). */
  keyField: Field | undefined;
  /** For a list sink: the object's members read so far, and where the current one's key starts. */
  members: ListItem[] | undefined;
  member: { start: number; path: string } | undefined;
}

/** A field of JSON, with every property it may have set, to undefined when it has none (JsonExtractor.field). */
export interface JsonField {
  text: string;
  line: number;
  column: number;
  offset: number;
  ctx: FieldContext;
  label: string;
  record: number | undefined;
  raw: string | undefined;
  offsets: Int32Array | undefined;
  siblings: Field['siblings'] | undefined;
  holds: Field['holds'] | undefined;
  row: Field['row'] | undefined;
}

/** A frame with every property set, so that all frames share one shape (deleting a property made each a dictionary). */
export function newFrame(kind: 'object' | 'array', scope: Scope, label: string, state: Frame['state'] = 'first'): Frame {
  return { kind, state, key: '', seg: '', index: 0, label, scope, keyLabel: '', at: -1, keys: 0, siblings: undefined, siblingCount: 0, pending: undefined, held: 0, keyContexts: undefined, valueContexts: undefined, keyField: undefined, members: undefined, member: undefined };
}

/**
 * A closed frame made ready for another object or array of its kind, as newFrame makes one: the
 * frame and an object's pending list are used again (a frame per depth, not one per object of
 * the file); the extractor gives an object its own `siblings` record, since its fields keep it.
 */
export function reuseFrame(frame: Frame, scope: Scope, label: string): Frame {
  frame.state = 'first';
  frame.key = '';
  frame.seg = '';
  frame.index = 0;
  frame.label = label;
  frame.scope = scope;
  frame.keyLabel = '';
  frame.at = -1;
  frame.keys = 0;
  frame.siblings = undefined;
  frame.siblingCount = 0;
  frame.held = 0;
  frame.keyContexts = undefined;
  frame.valueContexts = undefined;
  frame.keyField = undefined;
  frame.members = undefined;
  frame.member = undefined;
  return frame;
}

/** The scopes of one file, from the top level's down, and the contexts of their keys and values. */
export class ScopeTree {
  /** The scope of the top level, above every value of the file. */
  readonly root: Scope = newScope(RUN_ROOT);
  private count = 0;
  private readonly keyContexts = new Map<string, Map<string, FieldContext>>();
  private readonly valueContexts = new Map<string, Map<string, FieldContext>>();

  /**
   * The scope of an object or array in `p`: under key `key` when `p` is an object's, an element
   * of `p`'s array otherwise (`top`: a top-level value, `p` the root).
   */
  child(p: Scope, key: string | undefined, top: boolean): Scope {
    let child = key === undefined ? p.element : p.members?.get(key);
    if (child) return child;
    child = newScope(runChild(p.run, key, top));
    // a file with ever new keys makes ever new scopes: past the limit they are not kept
    if (this.count >= MAX_SCOPES) return child;
    this.count++;
    if (key === undefined) p.element = child;
    else (p.members ??= new Map()).set(key, child);
    return child;
  }

  /**
   * The context of object `frame`'s current key (frame.key), or of its value, the same as context()
   * gives: found by the key's place in the scope's order when it is there (frame.at), and kept there
   * once the scope's map holds it (a context not kept in the map is made anew each time, and is not
   * kept here either).
   */
  placed(where: 'key' | 'value', frame: Frame): FieldContext {
    const scope = frame.scope;
    const at = frame.at;
    const kept = where === 'key' ? scope.orderKeys : scope.orderValues;
    if (at >= 0) {
      const known = kept[at];
      if (known !== undefined) return known;
    }
    const ctx = this.context(where, frame, frame.key);
    const map = where === 'key' ? scope.keyContexts : scope.valueContexts;
    if (at >= 0 && scope.depth <= MAX_PATH_DEPTH && map?.get(frame.key) === ctx) kept[at] = ctx;
    return ctx;
  }

  /**
   * The context of a key of `frame` or of a value in it (under `key` in an object; `top`: a
   * top-level value). Contexts are shared by every field of the same path, so later stages
   * resolve each once. They are found by the scope's path and the key, so that no path string
   * is built per field.
   */
  context(where: 'key' | 'value', frame: Frame, key: string, top = false): FieldContext {
    const children = this.contexts(where, frame);
    const scope = frame.scope;
    // past the depth limit every key shares its parent's path, and the first one's context
    const slot = scope.depth > MAX_PATH_DEPTH ? '' : frame.kind === 'array' ? '[*]' : key;
    let ctx = children.get(slot);
    if (!ctx) {
      // past the depth limit a context depends on which key came first in the file: not shared by the run
      const run = scope.depth > MAX_PATH_DEPTH ? undefined : sharedContexts(where, scope.run);
      // in an array the slot is '[*]', which an object's key can be too; a top-level value's path differs
      const object = frame.kind === 'object';
      ctx = run && findShared(run, object ? key : undefined, top);
      if (!ctx) {
        const name = object ? normalizeName(key) : scope.name;
        const within = object ? joinWords(scope.within, scope.name) : scope.within;
        const p = where === 'key' ? keyPath(scope, key) : valuePath(scope, object ? frame.key : undefined, top);
        ctx = (run && keepShared(run, object ? key : undefined, top, where, p || '$', name, within, p)) ?? fieldContext(where, p || '$', name, within, p);
      }
      if (children.size < MAX_CONTEXTS) children.set(slot, ctx);
    }
    return ctx;
  }

  /** The contexts of a frame's keys or values, by slot: found by its path once per scope, not once per field. */
  private contexts(where: 'key' | 'value', frame: Frame): Map<string, FieldContext> {
    const scope = frame.scope;
    const shared = where === 'key' ? scope.keyContexts : scope.valueContexts;
    if (shared) return shared;
    const own = where === 'key' ? frame.keyContexts : frame.valueContexts;
    if (own) return own;
    const byPath = where === 'key' ? this.keyContexts : this.valueContexts;
    let children = byPath.get(scope.path);
    if (!children) {
      children = new Map();
      if (byPath.size >= MAX_CONTEXTS) {
        // past the limit each object or array has contexts of its own
        if (where === 'key') frame.keyContexts = children;
        else frame.valueContexts = children;
        return children;
      }
      byPath.set(scope.path, children);
    }
    if (where === 'key') scope.keyContexts = children;
    else scope.valueContexts = children;
    return children;
  }
}

/** A file's scope at a place of the run's tree: the keys' order starts as the run's last. */
function newScope(run: RunScope): Scope {
  return { run, path: run.path, name: run.name, within: run.within, depth: run.depth, keyContexts: undefined, valueContexts: undefined, members: undefined, element: undefined, order: run.order.slice(), orderKeys: objectList(), orderValues: objectList() };
}

/**
 * The key the last object of `frame`'s scope had at this place, when `buf` holds it from `at` to
 * a closing quote: records repeat their keys in the same order, and a key recognised is neither
 * cut, decoded nor looked up.
 */
export function knownKey(buf: string, at: number, frame: Frame): Key | undefined {
  const order = frame.scope.order;
  // never read past the end: V8 throws away the parser's code on an out-of-bounds read
  if (frame.keys >= order.length) return undefined;
  const k = order[frame.keys]!;
  const text = k.text;
  const end = at + text.length;
  // its closing quote first, which most other keys fail; then character by character: startsWith,
  // a call into a builtin for every key, was a sixth of the NDJSON extractor's time (issue 16)
  if (end >= buf.length || buf.charCodeAt(end) !== 34) return undefined;
  for (let j = 0; j < text.length; j++) if (buf.charCodeAt(at + j) !== text.charCodeAt(j)) return undefined;
  return k;
}

/**
 * Remembers a key read without escapes as the one at this place of the objects of `frame`'s scope
 * (another key was there: the contexts kept for that one go); true when it is remembered.
 */
export function learnKey(frame: Frame, k: Key): boolean {
  const scope = frame.scope;
  const at = frame.keys;
  if (at >= MAX_ORDER || at > scope.order.length) return false;
  scope.order[at] = k;
  // the run's order too, for the next file's first objects (its own order is the file's: other files change the run's)
  const run = scope.run.order;
  if (at <= run.length) run[at] = k;
  if (at < scope.orderKeys.length) scope.orderKeys[at] = undefined;
  if (at < scope.orderValues.length) scope.orderValues[at] = undefined;
  return true;
}

/** The path of key `key` of object scope `s`. */
export function keyPath(s: Scope, key: string): string {
  return s.depth > MAX_PATH_DEPTH ? s.path : joinPath(s.path, key);
}

/** The path of a value of a frame in scope `s` (`key`: the key it is under in an object; `top`: a top-level value). */
export function valuePath(s: Scope, key: string | undefined, top: boolean): string {
  if (s.depth > MAX_PATH_DEPTH) return s.path;
  if (key !== undefined) return joinPath(s.path, key);
  return top ? '' : `${s.path}[*]`;
}

const MAX_SIBLING_LENGTH = 200;
/** Siblings kept per object (a key repeated in one object counts once). */
const MAX_SIBLINGS = 64;

/** Keeps a scalar value of an object (its start) as a sibling of the object's other fields. */
export function rememberSibling(frame: Frame, text: string): void {
  const siblings = frame.siblings;
  if (!siblings || frame.siblingCount >= MAX_SIBLINGS) return;
  // a copy: a longer value cut from the file is a view into its 64 KB piece, and the record goes with
  // every field of the object (a key field may be kept to the end of the file)
  siblings[frame.key] = ownString(text.length > MAX_SIBLING_LENGTH ? text.slice(0, MAX_SIBLING_LENGTH) : text);
  // counted as stored, which is never fewer than the keys held: the keys are counted (Object.keys,
  // which leaves out `__proto__`, as its setter takes no string) only when the stores reach the
  // limit, so that under it (nearly every object) a value costs one megamorphic access, not two: a
  // lookup to see whether its key was new was one (issue 16)
  if (++frame.siblingCount === MAX_SIBLINGS) frame.siblingCount = Object.keys(siblings).length;
}

/** True when a value may start in `frame` (none: the top level). */
export function expectsValue(frame: Frame | undefined): boolean {
  // several top-level values in a row are read as a sequence (concatenated JSON, JSON Lines)
  if (!frame) return true;
  if (frame.kind === 'object') return frame.state === 'value';
  return frame.state === 'value' || frame.state === 'first';
}
