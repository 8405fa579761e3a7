import type { JobLease } from '@fabdesk/shared/models/job-lease.ts';
import type { Staff, StaffRole } from '@fabdesk/shared/models/staff.ts';
import { ApiError, ApiErrorCode } from './api-error.ts';
import type { Session } from './session.ts';

/** What `POST /staff` takes: the password is set here and stays on the server. */
export interface NewStaffMember {
  name: string;
  email: string | null;
  role: StaffRole;
  password: string;
}

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/** What `/auth/setup`, `/auth/pair` and `/auth/sign-in` answer. */
interface PairingAnswer {
  token: string;
  workstation: { id: string; name: string };
  staff: Session['staff'];
}

/**
 * The server's auth and lease routes as calls (sync itself goes through sync/client).
 * Every failure is an ApiError whose message a lab assistant can act on.
 */
export function createApiClient(fetch: Fetch) {
  async function call<T>(baseUrl: string, path: string, body?: unknown, token?: string) {
    let response: Response;
    try {
      response = await fetch(`${baseUrl.replace(/\/$/, '')}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? '' : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(
        'offline',
        `Cannot reach the server at ${baseUrl}. Check the address and the network.`,
      );
    }
    if (response.status === 204) return undefined as T;
    const json = (await response.json().catch(() => null)) as {
      error?: { code?: string; message?: string };
    } | null;
    if (response.ok) return json as T;
    throw new ApiError(
      codeOf(response.status, json?.error?.code),
      messageOf(response.status, json),
    );
  }

  const session = (baseUrl: string, answer: PairingAnswer): Session => ({ baseUrl, ...answer });

  return {
    async setup(
      baseUrl: string,
      body: { setupCode: string; name: string; password: string; deviceName: string },
    ) {
      return session(baseUrl, await call<PairingAnswer>(baseUrl, '/auth/setup', body));
    },
    async pair(baseUrl: string, body: { name: string; password: string; deviceName: string }) {
      return session(baseUrl, await call<PairingAnswer>(baseUrl, '/auth/pair', body));
    },
    signOut: (s: Session) => call<void>(s.baseUrl, '/auth/sign-out', undefined, s.token),
    acquireLease: (s: Session, jobId: string) =>
      call<JobLease>(s.baseUrl, `/leases/${jobId}/acquire`, undefined, s.token),
    renewLease: (s: Session, jobId: string) =>
      call<JobLease>(s.baseUrl, `/leases/${jobId}/renew`, undefined, s.token),
    releaseLease: (s: Session, jobId: string) =>
      call<JobLease>(s.baseUrl, `/leases/${jobId}/release`, undefined, s.token),
    // Staff management (admins): passwords go to the server only, never through sync.
    addStaff: (s: Session, body: NewStaffMember) => call<Staff>(s.baseUrl, '/staff', body, s.token),
    setStaffActive: (s: Session, staffId: string, active: boolean) =>
      call<Staff>(
        s.baseUrl,
        `/staff/${staffId}/${active ? 'reactivate' : 'deactivate'}`,
        undefined,
        s.token,
      ),
  };
}
export type ApiClient = ReturnType<typeof createApiClient>;

function codeOf(status: number, code: string | undefined): ApiErrorCode {
  if (code === 'lease-held') return ApiErrorCode.leaseHeld;
  if (status === 401) return ApiErrorCode.unauthorized;
  if (status === 403) return ApiErrorCode.forbidden;
  if (status === 409) return ApiErrorCode.conflict;
  if (status === 429) return ApiErrorCode.tooManyRequests;
  if (status >= 400 && status < 500) return ApiErrorCode.badRequest;
  return ApiErrorCode.server;
}

function messageOf(status: number, json: { error?: { message?: string } } | null): string {
  const said = json?.error?.message;
  if (status === 401)
    return said === 'wrong name or password'
      ? 'Wrong name or password.'
      : `Not allowed: ${said ?? 'sign in again'}.`;
  if (status === 429) return 'Too many attempts. Wait a minute and try again.';
  if (status >= 500) return 'The server had a problem. Try again in a moment.';
  return said ? `${said[0]?.toUpperCase()}${said.slice(1)}.` : `The server answered ${status}.`;
}
