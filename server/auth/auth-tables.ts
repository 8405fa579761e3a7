import type { StaffRole } from '@fabdesk/shared/models/staff.ts';
import type { ColumnType, Generated } from 'kysely';

/** A column the database fills in on insert but the app may set later. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

/**
 * The Kysely view of the four tables auth reads and writes (`migrations/0001_core_tables.ts`
 * is the truth; the auth `.pg.test.ts` files touch every column named here, so drift fails
 * them). Timestamps arrive from pg as `Date`; `sync_seq` (bigint) as a string.
 */
export interface AuthTables {
  staff: {
    id: string;
    name: string;
    email: string | null;
    role: StaffRole;
    is_active: Defaulted<boolean>;
    added_at: Defaulted<Date>;
    deactivated_at: Defaulted<Date | null>;
    updated_at: Defaulted<Date>;
    sync_seq: Defaulted<string>;
    is_deleted: Generated<boolean>;
    server_updated_at: Defaulted<Date>;
  };
  staff_credentials: {
    staff_id: string;
    password_hash: string;
    updated_at: Defaulted<Date>;
  };
  workstations: {
    id: string;
    name: string;
    paired_by: string;
    created_at: Defaulted<Date>;
    last_seen_at: Defaulted<Date | null>;
    revoked_at: Defaulted<Date | null>;
  };
  device_tokens: {
    token_hash: string;
    workstation_id: string;
    staff_id: string;
    created_at: Defaulted<Date>;
    last_used_at: Defaulted<Date | null>;
    revoked_at: Defaulted<Date | null>;
  };
}
