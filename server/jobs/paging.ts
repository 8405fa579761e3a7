import { z } from 'zod';

/** `limit` (1–200, default 50) and `offset` (default 0) of a list endpoint's query. */
export const Paging = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Every list endpoint answers with one page and the total count under its filters. */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
