/** A pack that cannot be used: names the file, the rule and what to fix. The CLI exits 2. */
export class PackError extends Error {
  readonly code = 'EPACK';
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly ruleId?: string,
    readonly jsonPath?: string,
  ) {
    super(`${file}${ruleId ? ` rule ${ruleId}` : ''}${jsonPath ? ` (${jsonPath})` : ''}: ${reason}`);
    this.name = 'PackError';
  }
}
