import type { Staff } from '@fabdesk/shared/models/staff.ts';
import { describe, expect, it } from 'vitest';
import { pickableStaff } from './pickable-staff.ts';

const at = '2026-03-01T10:00:00.000Z';
const member = (name: string, isActive: boolean): Staff => ({
  id: `id-${name}`,
  name,
  email: null,
  role: 'staff',
  isActive,
  addedAt: at,
  deactivatedAt: isActive ? null : at,
  updatedAt: at,
});

describe('pickableStaff', () => {
  it('offers active staff by name and never a deactivated one', () => {
    const staff = [member('grace', true), member('Hedy', false), member('Ada', true)];
    expect(pickableStaff(staff).map((s) => s.name)).toEqual(['Ada', 'grace']);
  });
});
