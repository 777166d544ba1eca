// npm run content:schema — writes content/schema/*.schema.json from the zod schemas.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { contentJsonSchemas } from '../src/content/json-schema.ts';

const dir = path.resolve('content/schema');
mkdirSync(dir, { recursive: true });
for (const [name, text] of Object.entries(contentJsonSchemas())) {
  writeFileSync(path.join(dir, name), text);
  console.log(`wrote ${path.relative(process.cwd(), path.join(dir, name))}`);
}
