const FIELDS = { name: 'Name', email: 'Email', role: 'Role', password: 'Password' } as const;
export type StaffFormField = keyof typeof FIELDS;

/**
 * Where a refusal of `POST /staff` belongs on the form. The server names the field first
 * (`password: must be at least 10 characters long`, capitalised by the API client), which
 * becomes "Password must be at least 10 characters long." beside the password input; a
 * taken name goes beside the name; anything else stands above the button.
 */
export function staffFormError(message: string): { field: StaffFormField | null; message: string } {
  const named = /^(name|email|role|password): (.*)$/i.exec(message);
  if (named?.[1] && named[2]) {
    const field = named[1].toLowerCase() as StaffFormField;
    return { field, message: `${FIELDS[field]} ${named[2]}` };
  }
  if (/^a staff member named/i.test(message)) return { field: 'name', message };
  return { field: null, message };
}
