/**
 * Values for template variables and filter suggestions (GET /api/v1/projects/:id/values/:kind).
 * Owned by the performance/sessions area: see handlers/performance. This file holds the contract.
 */
import { z } from 'zod';
import { Time, TimeEnd } from './schema';

export const VALUE_KINDS = [
  'releases',
  'environments',
  'routes',
  'browsers',
  'os',
  'devices',
  'countries',
  'event_names',
  'property_keys',
  'property_values',
] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];

export const ValuesQuery = z
  .object({
    from: Time.optional(),
    to: TimeEnd.optional(),
    /** Case-insensitive substring the values must contain. */
    search: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    /** property_keys / property_values: the custom event name. */
    event: z.string().max(200).optional(),
    /** property_values: the property key. */
    key: z.string().max(200).optional(),
  })
  .strict();
export type ValuesQuery = z.infer<typeof ValuesQuery>;
