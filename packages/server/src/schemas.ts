import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Our HTTP contract (core's openapi.json): the request schemas come from it, the one definition. */
export const OPENAPI = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@shopscene/core/openapi.json'), 'utf8')) as {
  components: { schemas: Record<string, unknown> };
  paths: Record<string, unknown>;
};

/** A component of the contract with every `$ref` to another component written in place (for Fastify's validator). */
export function componentSchema(name: string): Record<string, unknown> {
  const inline = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(inline);
    if (!value || typeof value !== 'object') return value;
    const ref = (value as { $ref?: string }).$ref;
    if (ref?.startsWith('#/components/schemas/')) return inline(OPENAPI.components.schemas[ref.slice(21)]);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inline(v)]));
  };
  return inline(OPENAPI.components.schemas[name]) as Record<string, unknown>;
}
