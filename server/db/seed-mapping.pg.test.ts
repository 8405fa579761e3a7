import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createMigrator } from './migrator.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';
import type { Database } from './database.ts';

// docs/seed-mapping.md is checked twice: against the seed documents (every field of every
// model they define has a row) and against the migrated database (every kept field is a
// column of the type the row names, compatible with the seed's type).

const doc = readFileSync(new URL('../../docs/seed-mapping.md', import.meta.url), 'utf8');
const seedsDir = new URL('../../../shared/seeds/', import.meta.url);

interface Row {
  seed: string;
  field: string;
  seedType: string;
  column: string;
  pgType: string;
}

function fieldRows(): Row[] {
  const section = doc.slice(doc.indexOf('## Fields'), doc.indexOf('## Operations'));
  return section
    .split('\n')
    .filter(
      (line) => line.startsWith('| ') && !line.startsWith('| Seed |') && !line.startsWith('|---'),
    )
    .map((line) => {
      const cells = line
        .slice(1, -1)
        .split(' | ')
        .map((c) => c.trim());
      return {
        seed: cells[0] ?? '',
        field: cells[1] ?? '',
        seedType: cells[2] ?? '',
        column: cells[4] ?? '',
        pgType: cells[5] ?? '',
      };
    });
}

// Which seed class is documented under which label.
const SEED_MODELS: Record<string, Record<string, string>> = {
  '000': {
    Device: 'vfab Device',
    Pen: 'vfab Pen',
    Paper: 'vfab Paper',
    Job: 'vfab Job',
    Layer: 'vfab Layer',
    StatisticsConfig: 'vfab StatisticsConfig',
    JobStatistics: 'vfab JobStatistics',
    LayerStatistics: 'vfab LayerStatistics',
    SystemStatistics: 'vfab SystemStatistics',
    PerformanceMetrics: 'vfab PerformanceMetrics',
    DatabaseCfg: 'vfab DatabaseCfg',
  },
  '002': { Staff: 'print-request Staff', Job: 'print-request Job', Event: 'print-request Event' },
  '003': { JobDB: 'AIOM4B jobs' },
  '004': { Run: 'FUSION runs' },
};
const NOT_MODELS = new Set(['Base', 'JobStatus', 'JobService']);

/** Reads each seed document's model classes and their fields (SQLAlchemy, SQLModel, pydantic). */
function seedFields(): { label: string; field: string }[] {
  const out: { label: string; field: string }[] = [];
  for (const file of readdirSync(seedsDir)) {
    const prefix = file.slice(0, 3);
    const text = readFileSync(new URL(file, seedsDir), 'utf8');
    const classes = text.split(/^\s*class (\w+)\(/m);
    for (let i = 1; i < classes.length; i += 2) {
      const name = classes[i]!;
      const body = (classes[i + 1] ?? '').split(/^```|^\.\. /m)[0] ?? '';
      const fields = [
        ...body.matchAll(/^\s+(\w+)\s*=\s*(?:db\.)?Column\(/gm),
        ...body.matchAll(/^\s+(\w+):\s*Mapped\[/gm),
        ...body.matchAll(/^\s+(\w+):\s*[\w[\], ]+=\s*(?:SQLField\(|"|\d|True|False)/gm),
      ].map((m) => m[1]!);
      if (fields.length === 0 || NOT_MODELS.has(name)) continue;
      const label = SEED_MODELS[prefix]?.[name];
      expect(label, `seed ${file} class ${name} has no label in this test`).toBeDefined();
      for (const field of fields) out.push({ label: label!, field });
    }
    // vfab's documented JSON shapes
    for (const m of text.matchAll(/^### (\w+_json)\n```json\n([\s\S]*?)\n```/gm)) {
      for (const key of Object.keys(JSON.parse(m[2]!)))
        out.push({ label: `vfab ${m[1]}`, field: key });
    }
  }
  return out;
}

const REFERENCES_BY_NAME = new Set(['last_updated_by', 'printer', 'triggered_by', 'locked_by']);

const COMPATIBLE: Record<string, string[]> = {
  String: ['text', 'character', 'uuid', 'jsonb'],
  Text: ['text', 'jsonb', 'character'],
  Integer: ['integer', 'bigint', 'smallint', 'uuid', 'text'],
  Float: ['double precision', 'real', 'numeric'],
  Numeric: ['numeric'],
  Boolean: ['boolean'],
  DateTime: ['timestamp with time zone'],
  JSON: ['jsonb'],
  UUID: ['uuid'],
  relationship: ['uuid'],
};

describe('docs/seed-mapping.md against the seed documents', () => {
  it.skipIf(!existsSync(seedsDir))('has a row for every field of every seed model', () => {
    const rows = fieldRows();
    const documented = new Set(rows.map((r) => `${r.seed}.${r.field}`));
    const fields = seedFields();
    expect(fields.length).toBeGreaterThan(150);
    const missing = fields.map((f) => `${f.label}.${f.field}`).filter((k) => !documented.has(k));
    expect(missing).toEqual([]);
  });

  it('says for every row where it lives or why it was dropped', () => {
    for (const row of fieldRows()) {
      expect(row.column, `${row.seed}.${row.field}`).not.toBe('');
      if (row.column === '—') continue;
      expect(row.column, `${row.seed}.${row.field}`).toMatch(/^\w+\.\w+(→\w+)?$/);
      const ok = COMPATIBLE[row.seedType];
      expect(ok, `${row.seed}.${row.field}: unknown seed type ${row.seedType}`).toBeDefined();
      if (row.column.includes('→')) {
        // a documented key inside a JSON column
        expect(row.pgType, `${row.seed}.${row.field}`).toBe('jsonb');
        continue;
      }
      // ids and references become UUIDs (references by name, too: staff, printer)
      const isReference =
        row.field === 'id' || row.field.endsWith('_id') || REFERENCES_BY_NAME.has(row.field);
      const allowed = (ok ?? []).filter(
        (t) =>
          t !== 'uuid' || isReference || (row.seedType !== 'String' && row.seedType !== 'Integer'),
      );
      expect(allowed, `${row.seed}.${row.field}: ${row.seedType} → ${row.pgType}`).toContain(
        row.pgType,
      );
    }
  });
});

describe('docs/seed-mapping.md against the migrated database', () => {
  let t: TestDatabase<Database>;
  beforeAll(async () => {
    t = await createTestDatabase(inject('pgAdminUrl'));
    await createMigrator(t.db).latest();
  });
  afterAll(() => t?.drop());

  it('finds every kept field as a column of the documented type', async () => {
    const { rows } = await sql<{ table_name: string; column_name: string; data_type: string }>`
      select table_name, column_name, data_type from information_schema.columns
      where table_schema = 'public'`.execute(t.db);
    const catalog = new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r.data_type]));
    const wrong: string[] = [];
    let kept = 0;
    for (const row of fieldRows()) {
      if (row.column === '—') continue;
      kept++;
      const column = row.column.split('→')[0]!;
      const actual = catalog.get(column);
      if (actual !== row.pgType)
        wrong.push(
          `${row.seed}.${row.field} → ${column}: documented ${row.pgType}, database has ${actual ?? 'no such column'}`,
        );
    }
    expect(kept).toBeGreaterThan(150);
    expect(wrong).toEqual([]);
  });
});
