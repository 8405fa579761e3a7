import type { Staff } from '@fabdesk/shared/models/staff.ts';
import { pickableStaff } from '../data/pickable-staff.ts';
import { useCollection } from '../hooks/use-collection.ts';

/**
 * A choice of staff member for attribution (filters, "who"): active staff only, so a
 * deactivated member is no longer offered while their past actions keep their name.
 */
export function StaffPicker(props: {
  label: string;
  /** The chosen staff id; null for the empty choice. */
  value: string | null;
  emptyLabel: string;
  onChange: (staffId: string | null) => void;
}) {
  const staff = useCollection<Staff>('staff');
  const choices = pickableStaff(staff.docs);
  const value = choices.some((s) => s.id === props.value) ? props.value : null;
  return (
    <label class="field field-inline">
      <span>{props.label}</span>
      <select
        data-testid="staff-picker"
        value={value ?? ''}
        onChange={(e) => props.onChange(e.currentTarget.value || null)}
      >
        <option value="">{props.emptyLabel}</option>
        {choices.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </label>
  );
}
