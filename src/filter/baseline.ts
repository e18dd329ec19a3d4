import { createHmac, randomBytes } from 'node:crypto';

/**
 * A baseline: findings a team has accepted, so that a scan reports only new ones. Each is kept
 * as an HMAC of (rule, file, value) under a random key stored in the same file: no raw value and
 * no unkeyed hash (a NINO or NHS number has few enough possible values that a plain hash could be
 * reversed by trying them all). Lines are not part of it, so moving a row does not resurrect a
 * finding, while a new value on the same line is new.
 */
export interface BaselineFile {
  version: 1;
  tool: 'leakgate';
  /** Base64 HMAC key, random per baseline; `baseline update` keeps it. */
  key: string;
  entries: { rule: string; file: string; hash: string; count: number }[];
}

/** The state a scan carries to apply (or record) a baseline. */
export interface BaselineState {
  key: Buffer;
  /** Accepted findings left to match, by hash: a value accepted once hides one occurrence. */
  remaining: Map<string, number>;
  /** When creating or updating: what this scan found, by hash. */
  recorded?: Map<string, { rule: string; file: string; count: number }>;
}

/**
 * Applies a baseline to a run's findings, given in report order with their baseline hashes:
 * records each (create/update), or drops those it has accepted, one occurrence per count.
 * Returns the findings kept and how many were suppressed.
 */
export function applyBaseline<T extends { ruleId: string; file: string }>(found: { item: T; hash: string }[], b: BaselineState): { kept: T[]; suppressed: number } {
  const kept: T[] = [];
  let suppressed = 0;
  for (const { item, hash } of found) {
    if (b.recorded) {
      const e = b.recorded.get(hash);
      if (e) e.count++;
      else b.recorded.set(hash, { rule: item.ruleId, file: item.file, count: 1 });
      kept.push(item);
      continue;
    }
    const left = b.remaining.get(hash) ?? 0;
    if (left === 0) {
      kept.push(item);
      continue;
    }
    b.remaining.set(hash, left - 1);
    suppressed++;
  }
  return { kept, suppressed };
}

/** A fresh key for a new baseline. */
export function newBaselineKey(): Buffer {
  return randomBytes(32);
}

/** The baseline hash of a finding: HMAC of rule, file and the normalized value. */
export function baselineHash(key: Buffer, rule: string, file: string, normalizedValue: string): string {
  return `hmac-sha256:${createHmac('sha256', key).update(`${rule}\u0000${file}\u0000${normalizedValue}`).digest('base64')}`;
}

/** Reads a baseline file's JSON into the state a scan applies; throws on anything malformed. */
export function baselineState(json: unknown): BaselineState {
  const b = json as Partial<BaselineFile> | null;
  if (!b || b.version !== 1 || typeof b.key !== 'string' || !Array.isArray(b.entries)) {
    throw new Error('not a leakgate baseline (expected {"version": 1, "key": …, "entries": […]})');
  }
  const remaining = new Map<string, number>();
  for (const e of b.entries) {
    if (typeof e?.hash !== 'string') throw new Error('a baseline entry has no "hash"');
    remaining.set(e.hash, (remaining.get(e.hash) ?? 0) + (Number.isInteger(e.count) && e.count > 0 ? e.count : 1));
  }
  return { key: Buffer.from(b.key, 'base64'), remaining };
}

/** The file a recording scan produces: entries sorted by file and rule, so diffs stay readable. */
export function baselineFile(state: BaselineState): BaselineFile {
  const entries = [...(state.recorded ?? new Map()).entries()]
    .map(([hash, e]) => ({ rule: e.rule, file: e.file, hash, count: e.count }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.hash < b.hash ? -1 : 1));
  return { version: 1, tool: 'leakgate', key: state.key.toString('base64'), entries };
}
