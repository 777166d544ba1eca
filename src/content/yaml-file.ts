// Parse one YAML file and validate it with a zod schema, turning every YAML and schema error into a
// ContentProblem with the line it points at. The yaml package is loaded on first use: a warm start whose
// files are all unchanged never parses YAML.
import type { z } from 'zod';
import { formatPath, type ContentProblem } from './problems.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: ContentProblem[] };

export async function parseYamlFile<S extends z.ZodType>(file: string, source: string, schema: S): Promise<Parsed<z.output<S>>> {
  const { LineCounter, parseDocument, isNode } = await import('yaml');
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({ file, path: '', line: lineCounter.linePos(e.pos[0]).line, message: `invalid YAML: ${e.message.split('\n')[0]}` })),
    };
  }
  const result = schema.safeParse(doc.toJS());
  if (result.success) return { ok: true, value: result.data };
  // Missing keys have no line of their own: walk up the path until a node exists.
  const lineOf = (path: readonly PropertyKey[]) => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as unknown[], true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({ file, path: formatPath(issue.path), line: lineOf(issue.path), message: issue.message })),
  };
}
