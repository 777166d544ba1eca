// One content problem: which file, where inside it, and why. Every loader stage reports in this shape so
// content:check and the importer print the same messages.
export interface ContentProblem {
  file: string;
  path: string;
  line?: number;
  message: string;
}

export function formatProblem(p: ContentProblem): string {
  const where = p.path ? ` at ${p.path}` : '';
  const line = p.line ? ` (line ${p.line})` : '';
  return `${p.file}${line}${where}: ${p.message}`;
}

export { issuePath as formatPath } from '../core/zod-issue.ts';
