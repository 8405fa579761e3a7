import { type Kysely, sql } from 'kysely';

// fabdesk's first schema: every entity of the four seed systems (docs/seed-mapping.md).
// Frozen in time: Kysely<any>, no imports from app code.
//
// Replicated tables carry three sync columns: sync_seq (the pull checkpoint, taken from
// one sequence while the writer holds its collection's lock, so allocation order is
// commit order), is_deleted (tombstones) and server_updated_at. Replicated tables have
// no foreign keys between each other: devices push each collection on its own, so a
// layer's pen or an event's job may arrive before its target; the app checks references.

const SYNC_COLUMNS = sql`
  sync_seq bigint not null default nextval('sync_seq'),
  is_deleted boolean not null default false,
  server_updated_at timestamptz not null default now()`;

const JOB_STATES = sql.raw(
  [
    'NEW',
    'QUEUED',
    'ANALYZED',
    'OPTIMIZED',
    'QUOTED',
    'READY',
    'SCHEDULED',
    'ARMED',
    'PLOTTING',
    'PAUSED',
    'COMPLETED',
    'PICKED_UP',
    'ARCHIVED',
    'REJECTED',
    'CANCELLED',
    'ABORTED',
    'FAILED',
  ]
    .map((s) => `'${s}'`)
    .join(', '),
);

// biome-ignore lint/suspicious/noExplicitAny: frozen in time: a migration must not see today's Database type (kysely's advice)
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence sync_seq as bigint`.execute(db);

  await sql`create table staff (
    id uuid primary key,
    name text not null check (length(name) between 1 and 100),
    email text,
    role text not null check (role in ('admin', 'staff')),
    is_active boolean not null default true,
    added_at timestamptz not null default now(),
    deactivated_at timestamptz,
    updated_at timestamptz not null default now(),
    ${SYNC_COLUMNS}
  )`.execute(db);
  await sql`create unique index staff_name_key on staff (lower(name))`.execute(db);

  await sql`create table staff_credentials (
    staff_id uuid primary key references staff (id),
    password_hash text not null,
    updated_at timestamptz not null default now()
  )`.execute(db);

  await sql`create table workstations (
    id uuid primary key,
    name text not null check (length(name) between 1 and 100),
    paired_by uuid not null references staff (id),
    created_at timestamptz not null default now(),
    last_seen_at timestamptz,
    revoked_at timestamptz
  )`.execute(db);

  // A device token names a workstation and the staff member signed in on it. Only its
  // SHA-256 is stored; revoking sets revoked_at and the next request gets 401.
  await sql`create table device_tokens (
    token_hash char(64) primary key,
    workstation_id uuid not null references workstations (id),
    staff_id uuid not null references staff (id),
    created_at timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at timestamptz
  )`.execute(db);
  await sql`create index device_tokens_workstation_idx on device_tokens (workstation_id)`.execute(
    db,
  );

  await sql`create table plotters (
    id uuid primary key,
    kind text not null,
    model text,
    name text not null,
    port text,
    firmware text,
    defaults jsonb not null default '{}',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    retired_at timestamptz,
    ${SYNC_COLUMNS}
  )`.execute(db);

  await sql`create table pens (
    id uuid primary key,
    name text not null,
    width_mm double precision check (width_mm > 0),
    speed_cap_mm_s double precision check (speed_cap_mm_s > 0),
    pressure integer check (pressure between 0 and 100),
    passes integer not null default 1 check (passes >= 1),
    color_hex text check (color_hex ~ '^#[0-9a-fA-F]{6}$'),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    retired_at timestamptz,
    ${SYNC_COLUMNS}
  )`.execute(db);
  await sql`create unique index pens_active_name_key on pens (lower(name))
    where retired_at is null and not is_deleted`.execute(db);

  await sql`create table papers (
    id uuid primary key,
    name text not null,
    width_mm double precision not null check (width_mm > 0),
    height_mm double precision not null check (height_mm > 0),
    margin_mm double precision not null default 0 check (margin_mm >= 0),
    orientation text not null check (orientation in ('portrait', 'landscape')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    retired_at timestamptz,
    ${SYNC_COLUMNS}
  )`.execute(db);
  await sql`create unique index papers_active_name_key on papers (lower(name))
    where retired_at is null and not is_deleted`.execute(db);

  await sql`create table jobs (
    id uuid primary key,
    name text not null,
    display_name text,
    state text not null check (state in (${JOB_STATES})),
    priority smallint not null default 0 check (priority between 0 and 3),
    due_at timestamptz,
    paper_id uuid,
    plotter_id uuid,
    source_files jsonb not null default '[]',
    file_hash char(64),
    plan_hash char(64),
    color text,
    material text,
    timings jsonb,
    metrics jsonb,
    media jsonb,
    requester_name text,
    requester_email text,
    requester_discipline text,
    requester_class_number text,
    weight_g double precision,
    time_hours double precision,
    cost_usd numeric(8, 2),
    acknowledged_minimum_charge boolean,
    requester_confirmed boolean,
    requester_confirmed_at timestamptz,
    confirm_token_expires_at timestamptz,
    confirmation_last_sent_at timestamptz,
    reject_reasons jsonb,
    notes text,
    staff_viewed_at timestamptz,
    last_updated_by uuid,
    lease_fencing_token bigint,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    ${SYNC_COLUMNS}
  )`.execute(db);
  await sql`create index jobs_state_idx on jobs (state)`.execute(db);
  await sql`create index jobs_file_hash_idx on jobs (file_hash)`.execute(db);
  await sql`create index jobs_created_at_idx on jobs (created_at)`.execute(db);

  await sql`create table layers (
    id uuid primary key,
    job_id uuid not null references jobs (id) on delete cascade,
    layer_name text not null,
    order_index integer not null check (order_index >= 0),
    pen_id uuid,
    color_hex text,
    pause_before boolean not null default false,
    skip boolean not null default false,
    stats jsonb,
    planned boolean not null default false
  )`.execute(db);
  await sql`create index layers_job_id_idx on layers (job_id, order_index)`.execute(db);

  await sql`create table events (
    id uuid primary key,
    job_id uuid not null,
    event_type text not null,
    details jsonb not null default '{}',
    triggered_by uuid,
    triggered_by_name text,
    workstation_id text,
    occurred_at timestamptz not null,
    received_at timestamptz not null default now(),
    ${SYNC_COLUMNS}
  )`.execute(db);
  await sql`create index events_job_id_idx on events (job_id, occurred_at)`.execute(db);
  await sql`create index events_occurred_at_idx on events (occurred_at)`.execute(db);
  await sql`create index events_triggered_by_idx on events (triggered_by)`.execute(db);

  await sql`create table runs (
    id uuid primary key,
    name text,
    kind text not null check (kind in ('conversion', 'simulation', 'capacity')),
    job_id uuid,
    template text not null,
    config jsonb not null default '{}',
    inputs jsonb not null default '[]',
    output char(64),
    status text not null check (status in ('pending', 'running', 'completed', 'failed', 'cancelled')),
    pid integer,
    pgid integer,
    stage text,
    progress_current double precision,
    progress_total double precision,
    current_erlang double precision,
    total_erlangs integer,
    current_iteration integer,
    total_iterations integer,
    log text not null default '',
    error_message text,
    created_at timestamptz not null default now(),
    started_at timestamptz,
    ended_at timestamptz,
    updated_at timestamptz not null default now(),
    ${SYNC_COLUMNS}
  )`.execute(db);
  await sql`create index runs_status_idx on runs (status, created_at)`.execute(db);
  await sql`create index runs_job_id_idx on runs (job_id)`.execute(db);
  await sql`create index runs_ended_at_idx on runs (ended_at) where ended_at is not null`.execute(
    db,
  );

  await sql`create table job_leases (
    job_id uuid primary key,
    holder_workstation_id uuid,
    holder_staff_id uuid,
    holder_name text,
    fencing_token bigint not null default 0,
    acquired_at timestamptz,
    expires_at timestamptz,
    updated_at timestamptz not null default now(),
    ${SYNC_COLUMNS}
  )`.execute(db);

  await sql`create table confirmation_tokens (
    token_hash text primary key,
    job_id uuid not null references jobs (id) on delete cascade,
    expires_at timestamptz not null,
    used_at timestamptz,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index confirmation_tokens_job_id_idx on confirmation_tokens (job_id)`.execute(
    db,
  );

  await sql`create table job_statistics (
    id uuid primary key,
    job_id uuid not null,
    source text not null check (source in ('estimate', 'actual')),
    collection_level text not null,
    event_type text not null,
    timestamp timestamptz not null default now(),
    duration_seconds double precision,
    pen_changes integer not null default 0,
    distance_plotted_mm double precision not null default 0,
    distance_travel_mm double precision not null default 0,
    pen_down_time_seconds double precision not null default 0,
    pen_up_time_seconds double precision not null default 0,
    layers_completed integer not null default 0,
    total_layers integer not null default 0,
    metadata jsonb not null default '{}',
    ${SYNC_COLUMNS}
  )`.execute(db);
  await sql`create index job_statistics_job_id_idx on job_statistics (job_id, timestamp)`.execute(
    db,
  );

  await sql`create table layer_statistics (
    id uuid primary key,
    job_statistics_id uuid not null references job_statistics (id) on delete cascade,
    job_id uuid not null,
    layer_id uuid not null,
    pen_id uuid,
    timestamp timestamptz not null default now(),
    duration_seconds double precision,
    distance_plotted_mm double precision not null default 0,
    distance_travel_mm double precision not null default 0,
    pen_down_time_seconds double precision not null default 0,
    pen_up_time_seconds double precision not null default 0,
    path_count integer not null default 0,
    point_count integer not null default 0,
    metadata jsonb not null default '{}'
  )`.execute(db);
  await sql`create index layer_statistics_parent_idx on layer_statistics (job_statistics_id)`.execute(
    db,
  );
  await sql`create index layer_statistics_job_layer_idx on layer_statistics (job_id, layer_id)`.execute(
    db,
  );
  await sql`create index layer_statistics_pen_idx on layer_statistics (pen_id)`.execute(db);

  await sql`create table system_statistics (
    id uuid primary key,
    timestamp timestamptz not null default now(),
    stat_type text not null,
    total_jobs integer not null default 0,
    completed_jobs integer not null default 0,
    failed_jobs integer not null default 0,
    total_plotting_time_seconds double precision not null default 0,
    total_distance_plotted_mm double precision not null default 0,
    total_pen_changes integer not null default 0,
    avg_job_duration_seconds double precision,
    metadata jsonb not null default '{}'
  )`.execute(db);
  await sql`create index system_statistics_type_time_idx on system_statistics (stat_type, timestamp)`.execute(
    db,
  );

  await sql`create table performance_metrics (
    id uuid primary key,
    job_id uuid,
    timestamp timestamptz not null default now(),
    metric_type text not null,
    metric_value double precision not null,
    unit text,
    context jsonb not null default '{}'
  )`.execute(db);
  await sql`create index performance_metrics_job_idx on performance_metrics (job_id)`.execute(db);
  await sql`create index performance_metrics_type_time_idx on performance_metrics (metric_type, timestamp)`.execute(
    db,
  );

  await sql`create table statistics_config (
    id text primary key check (id = 'lab'),
    enabled boolean not null default false,
    collection_level text not null default 'basic' check (collection_level in ('basic', 'detailed', 'full')),
    retention_days integer not null default 365 check (retention_days >= 1),
    auto_cleanup boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    ${SYNC_COLUMNS}
  )`.execute(db);

  for (const table of [
    'staff',
    'plotters',
    'pens',
    'papers',
    'jobs',
    'events',
    'runs',
    'job_leases',
    'job_statistics',
    'statistics_config',
  ]) {
    await sql`create unique index ${sql.raw(`${table}_sync_seq_key`)} on ${sql.table(table)} (sync_seq)`.execute(
      db,
    );
  }
}

// biome-ignore lint/suspicious/noExplicitAny: frozen in time: a migration must not see today's Database type (kysely's advice)
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'statistics_config',
    'performance_metrics',
    'system_statistics',
    'layer_statistics',
    'job_statistics',
    'confirmation_tokens',
    'job_leases',
    'runs',
    'events',
    'layers',
    'jobs',
    'papers',
    'pens',
    'plotters',
    'device_tokens',
    'workstations',
    'staff_credentials',
    'staff',
  ]) {
    await sql`drop table ${sql.table(table)}`.execute(db);
  }
  await sql`drop sequence sync_seq`.execute(db);
}
