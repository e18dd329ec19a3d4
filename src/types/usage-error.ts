// A command-line mistake is raised by the stages that meet it (discover, git index, redact) and
// turned into text and exit 2 by the CLI only: it lives here, below both, so neither imports the other.

/** A command-line mistake (a path that does not exist, a glob that matches nothing): exit 2. */
export class UsageError extends Error {
  readonly code = 'EUSAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
