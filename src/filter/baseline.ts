import type { Finding } from '../types.js';

/**
 * A baseline: findings a team has accepted, so that a scan reports only new ones. Each is kept
 * as its fingerprint: an HMAC of rule, file and value under the project key, which is kept apart
 * from the file (LEAKGATE_KEY, or the user's key file). The file alone holds no raw value and
 * nothing that can be reversed: trying every NINO needs the key. Lines are not part of it, so
 * moving a row does not resurrect a finding, while a new value on the same line is new.
 */
export interface BaselineFile {
  version: 2;
  tool: 'leakgate';
  /** Which key made the fingerprints: an HMAC of a constant under it, which does not reveal it. */
  keyId: string;
  entries: { rule: string; file: string; fingerprint: string; count: number }[];
}

/** The state a scan carries to apply (or record) a baseline. */
export interface BaselineState {
  keyId: string;
  /** Accepted findings by fingerprint: a value accepted once hides one occurrence. */
  accepted: Map<string, number>;
  /** When creating or updating: what this scan found, by fingerprint. */
  recorded?: Map<string, { rule: string; file: string; count: number }>;
}

/** A baseline that cannot be used; the CLI says why and exits 2. */
export class BaselineError extends Error {
  readonly code = 'EBASELINE';
  constructor(message: string) {
    super(message);
    this.name = 'BaselineError';
  }
}

/**
 * A filter that applies a baseline to findings given in report order: true for a finding to
 * report, false for one the baseline accepted (one occurrence per count). Each pass over the
 * findings takes a filter of its own. A recording baseline (create/update) records each finding
 * and keeps them all.
 */
export function baselineFilter(b: BaselineState, record: boolean): (f: Finding) => boolean {
  if (b.recorded) {
    const recorded = b.recorded;
    return (f) => {
      if (!record) return true;
      const e = recorded.get(f.fingerprint);
      if (e) e.count++;
      else recorded.set(f.fingerprint, { rule: f.ruleId, file: f.file, count: 1 });
      return true;
    };
  }
  const left = new Map(b.accepted);
  return (f) => {
    const n = left.get(f.fingerprint) ?? 0;
    if (n === 0) return true;
    left.set(f.fingerprint, n - 1);
    return false;
  };
}

/**
 * Reads a baseline file's JSON into the state a scan applies, made with the key whose id is
 * `keyId`; throws a BaselineError saying what to do with anything else.
 */
export function baselineState(json: unknown, keyId: string, recreate: string): BaselineState {
  const b = json as Partial<BaselineFile> & { key?: unknown } | null;
  if (b && typeof b === 'object' && (b as { version?: unknown }).version === 1 && typeof b.key === 'string') {
    throw new BaselineError(`made by an older leakgate, with its hashing key inside the file (so the file alone could be reversed, value by value): delete it and make a new one with ${recreate}`);
  }
  if (!b || b.version !== 2 || typeof b.keyId !== 'string' || !Array.isArray(b.entries)) {
    throw new BaselineError('not a leakgate baseline (expected {"version": 2, "keyId": …, "entries": […]})');
  }
  if (b.keyId !== keyId) {
    throw new BaselineError(`made with another key (key id ${b.keyId}; this run's is ${keyId}): set LEAKGATE_KEY to the key it was made with, or make a new one with ${recreate}`);
  }
  const accepted = new Map<string, number>();
  for (const e of b.entries) {
    if (typeof e?.fingerprint !== 'string') throw new BaselineError('an entry has no "fingerprint"');
    accepted.set(e.fingerprint, (accepted.get(e.fingerprint) ?? 0) + (Number.isInteger(e.count) && e.count > 0 ? e.count : 1));
  }
  return { keyId, accepted };
}

/** The file a recording scan produces: entries sorted by file and rule, so diffs stay readable. */
export function baselineFile(state: BaselineState): BaselineFile {
  const entries = [...(state.recorded ?? new Map()).entries()]
    .map(([fingerprint, e]) => ({ rule: e.rule, file: e.file, fingerprint, count: e.count }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.fingerprint < b.fingerprint ? -1 : 1));
  return { version: 2, tool: 'leakgate', keyId: state.keyId, entries };
}
