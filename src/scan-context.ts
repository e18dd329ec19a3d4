import type { Readable } from 'node:stream';
import { createDetector } from './detect/detect.js';
import { valueKeyer } from './filter/filter.js';
import { createMasker, type SourceScanContext } from './scan-source.js';
import type { Confidence, Ruleset } from './types.js';

/** How a run scans and reports, as plain data: the same on every thread (a worker is sent it). */
export interface ScanSettings {
  showValues: boolean;
  verbose: boolean;
  minConfidence: Confidence;
  maxFileSize?: number;
  /** PDF pages with no text layer are accepted (not read), not errors. */
  acceptImagePages?: boolean;
  /** Kinds the config accepts unread. */
  accept?: string[];
}

/** The keys of a run: the value key (public values compare across threads) and the fingerprints' key. */
export interface RunKeys {
  valueKey: Uint8Array;
  fingerprintKey: Uint8Array;
}

/** A run's settings from its options: the defaults filled in, what is not set left out. */
export function scanSettings(o: { showValues?: boolean; verbose?: boolean; minConfidence?: Confidence; maxFileSize?: number; acceptImagePages?: boolean; accept?: readonly string[] }): ScanSettings {
  return {
    showValues: o.showValues ?? false,
    verbose: o.verbose ?? false,
    minConfidence: o.minConfidence ?? 'low',
    ...(o.maxFileSize !== undefined ? { maxFileSize: o.maxFileSize } : {}),
    ...(o.acceptImagePages ? { acceptImagePages: true } : {}),
    ...(o.accept?.length ? { accept: [...o.accept] } : {}),
  };
}

/**
 * The context a thread scans sources with, built the same way on the main thread, in a worker
 * and for redaction: the ruleset's detector, the masker built on it, the run's keys and settings.
 * The caller closes `detector` when done.
 */
export function buildScanContext(ruleset: Ruleset, settings: ScanSettings, keys: RunKeys, stdin?: () => Readable): SourceScanContext {
  const detector = createDetector(ruleset);
  return {
    ruleset,
    detector,
    masker: createMasker(detector),
    fingerprintKey: Buffer.from(keys.fingerprintKey),
    valueKey: valueKeyer(Buffer.from(keys.valueKey)),
    ...settings,
    ...(stdin ? { stdin } : {}),
  };
}
