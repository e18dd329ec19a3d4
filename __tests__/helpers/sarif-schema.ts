import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';

// The official OASIS SARIF 2.1.0 schema (draft-07), kept verbatim in the fixtures so that the
// test needs no network. Formats (uri, uri-reference, date-time) are checked too: a file
// path that is not a valid URI reference is exactly what code-scanning uploads reject.
const schema = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/sarif-schema-2.1.0.json'), 'utf8'));
// ajv-formats is CommonJS; under Node's ESM the default import is module.exports, whose
// `default` is the same plugin, and that is the form TypeScript's NodeNext typing accepts.
const addFormats = formats.default;
const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
/** The schema's validator (its `errors` say what failed). */
export const validateSarif: ValidateFunction = ajv.compile(schema);

/** Validates a SARIF text, failing with Ajv's errors when it does not conform. */
export function expectValidSarif(sarif: string): void {
  const ok = validateSarif(JSON.parse(sarif));
  expect(ajv.errorsText(validateSarif.errors, { separator: '\n' })).toBe('No errors');
  expect(ok).toBe(true);
}
