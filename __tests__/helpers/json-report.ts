/** The parts of the JSON report (DESIGN.md's contract) that the reliability tests read. */
export interface Problem {
  file: string;
  code: string;
  message: string;
}

export interface Finding {
  file: string;
  line: number;
  column: number;
  category: string;
  field?: string;
}

export interface Report {
  config?: string | null;
  summary: { files: number; bytes: number; findings: number; errors: number; warnings: number; durationMs: number };
  findings: Finding[];
  errors: Problem[];
  warnings: Problem[];
}
