// One wording for "what is wrong" with a value zod refused: "path: message" (path like steps[2].id).
export interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
}

export function describeIssue(issues: readonly IssueLike[], fallback = 'invalid'): string {
  const issue = issues[0];
  if (!issue) return fallback;
  const where = issuePath(issue.path);
  return where ? `${where}: ${issue.message}` : issue.message;
}

export function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}
