// Generates schemas/agent-guard-policy.schema.json from the zod policy schema (the single source of
// truth) and writes the shipped templates to templates/*.json for admins to read and copy.
// Run: node scripts/gen-schema.mjs   (test/unit/engine/policy/generated.test.ts checks they are current)
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { policyJsonSchema, templateFiles } = await tsImport('../src/engine/policy/generated.ts', import.meta.url);

const write = (relative, value) => {
  const file = join(root, relative);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  console.log(`wrote ${relative}`);
};

write('schemas/agent-guard-policy.schema.json', policyJsonSchema());
for (const [name, template] of Object.entries(templateFiles())) write(`templates/${name}.json`, template);
