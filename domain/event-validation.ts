// Checks a posted event's `data` against the catalog and says what is wrong and where, in the
// shape of the API's error details (JSON Pointer paths from the request body's root).
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { TSchema } from '@sinclair/typebox';
import { heraldEventTypes, isProducerEventType, producerEventSchemas, type ProducerEventType } from './event-catalog';

export interface ValidationIssue {
  path: string;
  message: string;
}

const checks = new Map<ProducerEventType, TypeCheck<TSchema>>(
  (Object.entries(producerEventSchemas) as [ProducerEventType, TSchema][]).map(([type, schema]) => [
    type,
    TypeCompiler.Compile(schema),
  ]),
);

export function validateEventData(type: string, data: unknown): ValidationIssue[] {
  if (!isProducerEventType(type)) {
    const reserved = (heraldEventTypes as readonly string[]).includes(type);
    return [
      {
        path: '/type',
        message: reserved
          ? `'${type}' is emitted by Herald itself and cannot be posted`
          : `unknown event type '${type}'; known types: ${Object.keys(producerEventSchemas).join(', ')}`,
      },
    ];
  }
  const check = checks.get(type)!;
  if (check.Check(data)) return [];
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const error of check.Errors(data)) {
    const path = `/data${error.path}`;
    // TypeBox reports a union member by member; one line per path is what a person needs.
    if (seen.has(path)) continue;
    seen.add(path);
    issues.push({ path, message: error.value === undefined ? 'is required' : error.message });
  }
  return issues;
}
