// The run's side of the JSON extractor's scopes (json-frames.ts): the places of the tree as every
// file of a run has them, and the contexts of their keys and values that the run's files share.
import { normalizeName } from '../shared/field-name.js';
import type { FieldContext } from '../types.js';
import { ownString } from '../shared/own-string.js';
import type { Key } from './json-tokens.js';
import { fieldContext } from './field-context.js';

/** Paths deeper than this keep their first levels only: deep nesting costs no more than shallow. */
export const MAX_PATH_DEPTH = 32;
/** Scopes remembered per file, and by the run; past this, new ones are made each time. */
export const MAX_SCOPES = 10000;

/**
 * A place of the tree as every file of the run has it: its path, name and words, the keys its
 * last objects had, in their order, and the run's contexts there. Each file's scopes were made anew
 * with their strings, their keys learnt again from the first record and their contexts found again
 * by strings built to look them up: 50,000 small files of one shape did it all 50,000 times (issue 16).
 */
export interface RunScope {
  path: string;
  name: string;
  within: string;
  depth: number;
  members: Map<string, RunScope> | undefined;
  element: RunScope | undefined;
  order: Key[];
  /** The run's contexts of keys and values at a scope like this one (sharedContexts), once looked up. */
  sharedKeys: RunSlots | undefined;
  sharedValues: RunSlots | undefined;
}

/**
 * An empty list of keys of the kind a list holding keys is (V8's elements kind: objects, not small
 * integers), as every copy of it is (slice keeps the kind): an empty `[]` has a kind of its own, and
 * the parser, optimised on lists that held keys, was thrown away and compiled again (about 70 ms)
 * at the first object of a new place of the tree, whose list was still empty (issue 16).
 */
const NO_KEYS: Key[] = [{ text: '', seg: '' }];
NO_KEYS.length = 0;

/** The top of the run's tree. */
export const RUN_ROOT: RunScope = newRunScope('', '', '', 0);
/** Scopes the run's tree keeps (MAX_SCOPES). */
let runScopes = 0;

/**
 * Contexts shared by the files of a run (issue 16): each of 50,000 small files made its own, and
 * later stages, which resolve a context once, resolved every file's again. A context is a function
 * of its scope's depth, path, name and enclosing words, and of the key (or array slot), so those
 * find it; every file may hold them (FieldContext is read-only).
 */
const runKeys = new Map<string, RunSlots>();
const runValues = new Map<string, RunSlots>();
/** Scopes and contexts the run remembers; past these, each file makes its own. */
const MAX_RUN_SCOPES = 10000;
const MAX_RUN_SLOTS = 1000;
const MAX_RUN_CONTEXTS = 50000;
let runContexts = 0;

/**
 * The run's contexts at scopes of one kind: of each key of their objects, of their arrays'
 * elements and of top-level values (the root's), apart: no string is built to look one up.
 */
export interface RunSlots {
  keys: Map<string, FieldContext>;
  element: FieldContext | undefined;
  top: FieldContext | undefined;
  /** How many it holds (MAX_RUN_SLOTS). */
  size: number;
}

/** The run's contexts of keys or values at scopes like `run` (undefined: past the limit). */
export function sharedContexts(where: 'key' | 'value', run: RunScope): RunSlots | undefined {
  const mine = where === 'key' ? run.sharedKeys : run.sharedValues;
  if (mine) return mine;
  const byScope = where === 'key' ? runKeys : runValues;
  const id = `${run.depth}\u0000${run.path}\u0000${run.name}\u0000${run.within}`;
  let found = byScope.get(id);
  if (!found) {
    if (byScope.size >= MAX_RUN_SCOPES) return undefined;
    found = { keys: new Map(), element: undefined, top: undefined, size: 0 };
    byScope.set(ownString(id), found);
  }
  if (where === 'key') run.sharedKeys = found;
  else run.sharedValues = found;
  return found;
}

/** The run's context of `key` of objects (undefined: of arrays' elements, or with `top` of top-level values) at `run`'s scopes. */
export function findShared(run: RunSlots, key: string | undefined, top: boolean): FieldContext | undefined {
  return key !== undefined ? run.keys.get(key) : top ? run.top : run.element;
}

/**
 * The context given, as the run keeps it past this file for `key` (as findShared): of copies,
 * not views into the file's text; undefined when the run keeps no more.
 */
export function keepShared(run: RunSlots, key: string | undefined, top: boolean, where: FieldContext['where'], label: string, name: string, within: string, path: string): FieldContext | undefined {
  if (run.size >= MAX_RUN_SLOTS || runContexts >= MAX_RUN_CONTEXTS) return undefined;
  const ctx = fieldContext(where, ownString(label), ownString(name), ownString(within), ownString(path));
  if (key !== undefined) run.keys.set(ownString(key), ctx);
  else if (top) run.top = ctx;
  else run.element = ctx;
  run.size++;
  runContexts++;
  return ctx;
}

function newRunScope(path: string, name: string, within: string, depth: number): RunScope {
  return { path, name, within, depth, members: undefined, element: undefined, order: NO_KEYS.slice(), sharedKeys: undefined, sharedValues: undefined };
}

/** The run's scope of an object or array in `p` (ScopeTree.child), made once a run while the run keeps them. */
export function runChild(p: RunScope, key: string | undefined, top: boolean): RunScope {
  let child = key === undefined ? p.element : p.members?.get(key);
  if (child) return child;
  const deep = p.depth >= MAX_PATH_DEPTH;
  child = newRunScope(
    deep ? p.path : key !== undefined ? joinPath(p.path, key) : top ? '' : `${p.path}[*]`,
    key !== undefined ? normalizeName(key) : p.name,
    deep ? p.within : joinWords(p.within, key !== undefined ? p.name : ''),
    p.depth + 1,
  );
  // a run with ever new keys makes ever new scopes: past the limit they are not kept
  if (runScopes >= MAX_SCOPES) return child;
  runScopes++;
  if (key === undefined) p.element = child;
  else (p.members ??= new Map()).set(key, child);
  return child;
}

/** A key path with one more key. */
export function joinPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Two runs of words as one. */
export function joinWords(a: string, b: string): string {
  return a && b ? `${a} ${b}` : a || b;
}
