import type { z } from 'zod';
import type { InventoryField } from './inventory-fields.ts';

/**
 * A zod issue on one form field in words a lab assistant understands, with the field's
 * label and unit ("Width must be more than 0 mm"), instead of zod's "expected number to
 * be >0". Unknown issue kinds fall back to the schema's own message.
 */
export function describeFieldIssue(field: InventoryField, issue: z.core.$ZodIssue): string {
  const amount = (n: number | bigint) =>
    field.unit === undefined ? `${n}` : field.unit === '%' ? `${n}%` : `${n} ${field.unit}`;
  if (issue.code === 'too_small') {
    if (issue.origin === 'string')
      return Number(issue.minimum) <= 1
        ? `${field.label} is needed`
        : `${field.label} must be at least ${issue.minimum} characters`;
    return issue.inclusive
      ? `${field.label} must be at least ${amount(issue.minimum)}`
      : `${field.label} must be more than ${amount(issue.minimum)}`;
  }
  if (issue.code === 'too_big') {
    if (issue.origin === 'string')
      return `${field.label} must be at most ${issue.maximum} characters`;
    return issue.inclusive
      ? `${field.label} must be at most ${amount(issue.maximum)}`
      : `${field.label} must be less than ${amount(issue.maximum)}`;
  }
  if (issue.code === 'invalid_type') {
    if (issue.expected === 'int') return `${field.label} must be a whole number`;
    if (issue.expected === 'number') return `${field.label} must be a number`;
    return `${field.label} is needed`;
  }
  if (issue.code === 'invalid_format' && field.input === 'colour')
    return `${field.label} must be a hex colour like #1a2b3c`;
  if (issue.code === 'invalid_value') return `Choose a ${field.label.toLowerCase()}`;
  return `${field.label}: ${issue.message}`;
}
