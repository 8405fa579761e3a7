import { describe, expect, it } from 'vitest';
import { staffFormError } from './staff-form-error.ts';

describe('staffFormError', () => {
  it.each([
    [
      'Password: must be at least 10 characters long.',
      { field: 'password', message: 'Password must be at least 10 characters long.' },
    ],
    [
      'Email: must be an email address.',
      { field: 'email', message: 'Email must be an email address.' },
    ],
    [
      'A staff member named "Ada" already exists.',
      { field: 'name', message: 'A staff member named "Ada" already exists.' },
    ],
    [
      'This is the last active admin; make another admin first.',
      { field: null, message: 'This is the last active admin; make another admin first.' },
    ],
  ])('%s', (message, expected) => {
    expect(staffFormError(message)).toEqual(expected);
  });
});
