/** A configuration that cannot be used: names the file, the key and what to fix. The CLI exits 2. */
export class ConfigError extends Error {
  readonly code = 'ECONFIG';
  constructor(readonly file: string, readonly reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'ConfigError';
  }
}
