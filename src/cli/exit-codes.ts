/** Exit codes: the one source of truth for --help, the README and the tests. */
export const EXIT = {
  OK: 0,
  FINDINGS: 1,
  ERROR: 2,
} as const;

export const EXIT_CODES: readonly { code: number; meaning: string }[] = [
  { code: EXIT.OK, meaning: 'nothing found at or above --fail-on (default: low)' },
  { code: EXIT.FINDINGS, meaning: 'findings at or above --fail-on (--exit-code N: N instead)' },
  { code: EXIT.ERROR, meaning: 'usage, config or pack error; a file in scope could not be scanned (unreadable, a format leakgate cannot read, a bomb); or no file in scope' },
];
