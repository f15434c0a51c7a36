/** The generated JSON Schema and template files must match the zod schema and templates they come from. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { policyJsonSchema, templateFiles } from '../../../../src/engine/policy/generated';

const ROOT = resolve(__dirname, '../../../..');
const read = (relative: string) => JSON.parse(readFileSync(join(ROOT, relative), 'utf8'));

describe('generated policy files (run `node scripts/gen-schema.mjs` when these fail)', () => {
  it('schemas/agent-guard-policy.schema.json is current', () => {
    assert.deepEqual(read('schemas/agent-guard-policy.schema.json'), policyJsonSchema());
  });
  for (const [name, template] of Object.entries(templateFiles())) {
    it(`templates/${name}.json is current`, () => assert.deepEqual(read(`templates/${name}.json`), template));
  }
  it('package.json contributes the schema for .vscode/agent-guard.json', () => {
    const pkg = read('package.json');
    const entry = pkg.contributes.jsonValidation.find((j: { url: string }) => j.url === './schemas/agent-guard-policy.schema.json');
    assert.ok(entry && JSON.stringify(entry.fileMatch).includes('.vscode/agent-guard.json'));
  });
  it('the schema rejects unknown keys and names the templates', () => {
    const schema = policyJsonSchema() as { additionalProperties?: unknown; properties: Record<string, { enum?: string[] }> };
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual(schema.properties.template?.enum, ['strict', 'balanced', 'trusted-automation', 'trusted']);
  });
});
