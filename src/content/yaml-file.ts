// Parse one YAML file and validate it with a zod schema, turning every YAML and schema error into a
// ContentProblem with the line it points at.
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';
import { formatPath, type ContentProblem } from './problems.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: ContentProblem[] };

export function parseYamlFile<S extends z.ZodType>(file: string, source: string, schema: S): Parsed<z.output<S>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        file,
        path: '',
        line: lineCounter.linePos(e.pos[0]).line,
        message: `invalid YAML: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const result = schema.safeParse(doc.toJS());
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({
      file,
      path: formatPath(issue.path),
      line: lineOf(doc, issue.path, lineCounter),
      message: issue.message,
    })),
  };
}

function lineOf(doc: ReturnType<typeof parseDocument>, path: readonly PropertyKey[], counter: LineCounter): number | undefined {
  // Walk up until a node exists: a missing key has no line of its own, its parent does.
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}
