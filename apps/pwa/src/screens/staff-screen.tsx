import type { Staff, StaffRole } from '@fabdesk/shared/models/staff.ts';
import { useRef, useState } from 'preact/hooks';
import { ApiError } from '../data/api-error.ts';
import { formatTime } from '../data/format-time.ts';
import { type StaffFormField, staffFormError } from '../data/staff-form-error.ts';
import { useCollection } from '../hooks/use-collection.ts';
import { useServices, useSignedIn } from '../hooks/use-services.ts';

const byName = (a: Staff, b: Staff) =>
  a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });
const wordsOf = (error: unknown) =>
  error instanceof ApiError ? error.message : 'Something went wrong. Try again.';

/**
 * Staff members (admins only): add, deactivate, reactivate. These go to the server over
 * HTTP (a password must never travel through replication); the list is the replicated
 * `staff` collection, so it updates on every device once the server has the change.
 */
export function StaffScreen() {
  const { session } = useSignedIn();
  if (session.staff.role !== 'admin')
    return (
      <main class="page" id="main">
        <h1>Staff</h1>
        <p class="card">Only admins manage staff. Ask an admin to add or deactivate someone.</p>
      </main>
    );
  return <StaffAdmin />;
}

function StaffAdmin() {
  const { api, now } = useServices();
  const { session, device } = useSignedIn();
  const staff = useCollection<Staff>('staff');
  const [status, setStatus] = useState<string | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const members = [...staff.docs].sort(byName);

  async function setActive(member: Staff, active: boolean) {
    setBusyId(member.id);
    setRowError(null);
    setStatus(null);
    try {
      await api.setStaffActive(session, member.id, active);
      device.replication.resync();
      setStatus(
        active
          ? `${member.name} is active again and can sign in.`
          : `${member.name} is deactivated: signed out everywhere and no longer offered in pickers. Their history stays.`,
      );
    } catch (error) {
      setRowError(wordsOf(error));
    } finally {
      setBusyId(null);
    }
  }

  return (
    <main class="page" id="main">
      <h1>Staff</h1>
      <AddStaffForm
        onAdded={(member) => {
          device.replication.resync();
          setRowError(null);
          setStatus(`Added ${member.name}. They can sign in with the password you set.`);
        }}
      />
      <section class="card" aria-labelledby="staff-list-title">
        <h2 id="staff-list-title">Staff members</h2>
        <p class="form-status" role="status">
          {status}
        </p>
        {rowError && (
          <p class="form-error" role="alert">
            {rowError}
          </p>
        )}
        {staff.loading ? null : members.length === 0 ? (
          <p class="hint">No staff members on this device yet; they appear once it has synced.</p>
        ) : (
          <div class="table-scroll">
            <table class="data-table" data-testid="staff-list">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {members.map((m) => (
                  <tr key={m.id} class={m.isActive ? undefined : 'is-retired'}>
                    <th scope="row">
                      {m.name}
                      {m.id === session.staff.id && <span class="badge">you</span>}
                    </th>
                    <td>{m.email ?? '—'}</td>
                    <td>{m.role === 'admin' ? 'Admin' : 'Staff'}</td>
                    <td>
                      {m.isActive
                        ? 'Active'
                        : `Deactivated${m.deactivatedAt ? ` ${formatTime(m.deactivatedAt, now())}` : ''}`}
                    </td>
                    <td class="row-actions">
                      {m.id === session.staff.id ? null : m.isActive ? (
                        <button
                          type="button"
                          class="button button-danger"
                          disabled={busyId === m.id}
                          onClick={() => void setActive(m, false)}
                        >
                          Deactivate<span class="visually-hidden"> {m.name}</span>
                        </button>
                      ) : (
                        <button
                          type="button"
                          class="button"
                          disabled={busyId === m.id}
                          onClick={() => void setActive(m, true)}
                        >
                          Reactivate<span class="visually-hidden"> {m.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p class="hint">
          Deactivating signs the person out on every device. They keep their place in job histories;
          you can reactivate them later. You cannot deactivate yourself here.
        </p>
      </section>
    </main>
  );
}

function AddStaffForm(props: { onAdded: (member: Staff) => void }) {
  const { api } = useServices();
  const { session } = useSignedIn();
  const [errors, setErrors] = useState<Partial<Record<StaffFormField, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const target = e.currentTarget as HTMLFormElement;
    const data = new FormData(target);
    const text = (key: string) => String(data.get(key) ?? '').trim();
    const body = {
      name: text('name'),
      email: text('email') || null,
      role: (text('role') || 'staff') as StaffRole,
      password: String(data.get('password') ?? ''),
    };
    const missing: Partial<Record<StaffFormField, string>> = {};
    if (!body.name) missing.name = 'Name is needed';
    if (!body.password) missing.password = 'Password is needed';
    setFailure(null);
    setErrors(missing);
    if (Object.keys(missing).length > 0) return focusFirst(missing);
    setBusy(true);
    try {
      const member = await api.addStaff(session, body);
      target.reset();
      props.onAdded(member);
    } catch (error) {
      const { field, message } = staffFormError(wordsOf(error));
      if (field) {
        setErrors({ [field]: message });
        focusFirst({ [field]: message });
      } else setFailure(message);
    } finally {
      setBusy(false);
    }
  }
  const focusFirst = (errs: Partial<Record<StaffFormField, string>>) => {
    const first = (['name', 'email', 'role', 'password'] as const).find((f) => errs[f]);
    if (first) form.current?.querySelector<HTMLElement>(`#staff-${first}`)?.focus();
  };
  const described = (field: StaffFormField) =>
    errors[field]
      ? { 'aria-invalid': 'true' as const, 'aria-describedby': `staff-${field}-error` }
      : {};
  const message = (field: StaffFormField) =>
    errors[field] && (
      <p class="field-error" id={`staff-${field}-error`}>
        {errors[field]}
      </p>
    );

  return (
    <form
      ref={form}
      class="card form"
      aria-labelledby="add-staff-title"
      noValidate
      onSubmit={(e) => void submit(e)}
    >
      <h2 id="add-staff-title">Add a staff member</h2>
      <div class="form-grid">
        <div class="field">
          <label for="staff-name">Name</label>
          <input id="staff-name" name="name" autoComplete="off" {...described('name')} />
          {message('name')}
        </div>
        <div class="field">
          <label for="staff-email">Email (optional)</label>
          <input
            id="staff-email"
            name="email"
            type="email"
            autoComplete="off"
            {...described('email')}
          />
          {message('email')}
        </div>
        <div class="field">
          <label for="staff-role">Role</label>
          <select id="staff-role" name="role" {...described('role')}>
            <option value="staff">Staff</option>
            <option value="admin">Admin (can manage staff)</option>
          </select>
          {message('role')}
        </div>
        <div class="field">
          <label for="staff-password">First password</label>
          <input
            id="staff-password"
            name="password"
            type="password"
            autoComplete="new-password"
            {...described('password')}
          />
          {message('password')}
          <p class="hint">At least 10 characters. Tell it to them; they sign in with it.</p>
        </div>
      </div>
      {failure && (
        <p class="form-error" role="alert">
          {failure}
        </p>
      )}
      <div class="button-row">
        <button type="submit" class="button button-primary" disabled={busy}>
          Add staff member
        </button>
      </div>
    </form>
  );
}
