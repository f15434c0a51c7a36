/** What scripts/gen-schema.mjs writes to disk, kept here so a unit test can check the files are current. */
import { z } from 'zod';
import { policySchema } from './schema';
import { TEMPLATES } from './templates';

export function policyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(policySchema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
  return { ...schema, title: 'Agent Guard policy', description: 'Policy for Agent Guard: .vscode/agent-guard.json, user settings or the managed policy. Layers only tighten each other.' };
}

export function templateFiles(): Record<string, unknown> {
  return Object.fromEntries(Object.entries(TEMPLATES).map(([name, template]) => [name, JSON.parse(JSON.stringify(template))]));
}
