import { basePrototype } from 'rxdb';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ALL_COLLECTIONS } from '../collections.ts';
import { rxSchemaFromZod } from './rx-schema-from-zod.ts';
import { DEVICE_ZOD_SCHEMAS, type DeviceCollection, RX_SCHEMAS } from './rx-schemas.ts';

const names = ALL_COLLECTIONS as DeviceCollection[];

describe('RxDB schemas derived from the zod schemas', () => {
  it.each(names)('%s has exactly the zod schema fields, all required as in zod', (name) => {
    const rx = RX_SCHEMAS[name];
    const zod = DEVICE_ZOD_SCHEMAS[name];
    expect(Object.keys(rx.properties).sort()).toEqual(Object.keys(zod.shape).sort());
    expect([...(rx.required as string[])].sort()).toEqual(Object.keys(zod.shape).sort());
  });

  it.each(names)('%s: primary key and indexed fields are bounded strings or integers', (name) => {
    const rx = RX_SCHEMAS[name];
    const indexed = [rx.primaryKey as string, ...(rx.indexes ?? []).flat()];
    for (const field of indexed) {
      const node = rx.properties[field as keyof typeof rx.properties] as Record<string, unknown>;
      if (node.type === 'integer' && field !== rx.primaryKey) {
        expect(node.multipleOf, field).toBe(1);
        expect(Number.isFinite(node.minimum) && Number.isFinite(node.maximum), field).toBe(true);
        continue;
      }
      expect(node.type, field).toBe('string');
      expect(node.maxLength, field).toBeGreaterThan(0);
    }
  });

  it('indexes jobs for the board: by state and age, and by state, priority and age', () => {
    expect(RX_SCHEMAS.jobs.indexes).toContainEqual(['state', 'createdAt']);
    expect(RX_SCHEMAS.jobs.indexes).toContainEqual(['state', 'priority', 'createdAt']);
    expect(RX_SCHEMAS.jobs.properties.priority).toEqual({
      type: 'integer',
      minimum: 0,
      maximum: 3,
      multipleOf: 1,
    });
  });

  it('refuses an index on a fractional number (RxDB needs a fixed width)', () => {
    const schema = z.strictObject({ id: z.string().max(10), mm: z.number().min(0).max(5) });
    expect(() => rxSchemaFromZod(schema, { primaryKey: 'id', indexes: [['mm']] })).toThrow(
      'mm: an indexed field must be a required, non-null string or integer',
    );
  });

  it('keeps no unions, references or regexes (RxDB schemas have none)', () => {
    const text = JSON.stringify(RX_SCHEMAS);
    for (const word of ['anyOf', '$ref', '$defs', 'pattern', 'format']) {
      expect(text).not.toContain(`"${word}"`);
    }
  });

  it('turns a nullable field into a two-type field and keeps nested objects', () => {
    const notes = RX_SCHEMAS.jobs.properties.notes as Record<string, unknown>;
    expect(notes).toEqual({ type: ['string', 'null'], maxLength: 10_000 });
    const quote = RX_SCHEMAS.jobs.properties.quote as Record<string, unknown>;
    expect(quote.type).toEqual(['object', 'null']);
    expect(Object.keys(quote.properties as object)).toContain('costUsd');
  });

  it('bounds implied lengths: uuid 36, ISO time 40, enum its longest value', () => {
    const jobs = RX_SCHEMAS.jobs.properties as Record<string, Record<string, unknown>>;
    expect(jobs.id?.maxLength).toBe(36);
    expect(jobs.createdAt?.maxLength).toBe(40);
    expect(jobs.state?.maxLength).toBe('PICKED_UP'.length);
    expect(RX_SCHEMAS.events.indexes).toContainEqual(['jobId', 'occurredAt']);
  });

  it('refuses an index on a nullable or unbounded field', () => {
    const schema = z.strictObject({
      id: z.string().max(10),
      maybe: z.string().max(5).nullable(),
      free: z.string(),
    });
    expect(() => rxSchemaFromZod(schema, { primaryKey: 'id', indexes: [['maybe']] })).toThrow(
      'maybe: an indexed field must be a required, non-null string',
    );
    expect(() => rxSchemaFromZod(schema, { primaryKey: 'id', indexes: [['free']] })).toThrow(
      'free: an indexed string needs a maxLength',
    );
  });

  // Dev-mode would refuse these, but it is never loaded (it fetches a page from the
  // internet); a field named like an RxDocument property breaks every read of the document.
  it.each(names)('%s has no field named like an RxDocument property', (name) => {
    const reserved = new Set([
      ...Object.getOwnPropertyNames(basePrototype),
      'collection',
      'primary',
      'deleted',
    ]);
    const clashes = Object.keys(RX_SCHEMAS[name].properties).filter((f) => reserved.has(f));
    expect(clashes).toEqual([]);
  });

  it('gives the outbox attachments for the file bytes', () => {
    expect(RX_SCHEMAS.outbox.attachments).toEqual({});
    expect(RX_SCHEMAS.jobs.attachments).toBeUndefined();
  });
});
