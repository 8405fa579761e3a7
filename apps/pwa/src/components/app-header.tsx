import { useSignedIn } from '../hooks/use-services.ts';
import { Link } from './link.tsx';
import { SyncStatusBar } from './sync-status-bar.tsx';

const NAV = [
  { href: '/', label: 'Jobs' },
  { href: '/new', label: 'New job' },
  { href: '/inventory', label: 'Inventory' },
  // Not /staff: that path belongs to the server's staff API (and the service worker skips it).
  { href: '/team', label: 'Staff', adminOnly: true },
  { href: '/settings', label: 'Settings' },
] as const;

export function AppHeader(props: { path: string }) {
  const { session } = useSignedIn();
  return (
    <header class="app-header">
      <div class="app-header-row">
        <Link href="/" class="brand">
          fabdesk
        </Link>
        <nav aria-label="Main">
          <ul class="nav-list">
            {NAV.filter((item) => !('adminOnly' in item) || session.staff.role === 'admin').map(
              (item) => (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    class={`nav-link${props.path === item.href ? ' is-current' : ''}`}
                  >
                    {item.label}
                  </Link>
                </li>
              ),
            )}
          </ul>
        </nav>
        <span class="who" data-testid="signed-in-as">
          {session.staff.name} · {session.workstation.name}
        </span>
      </div>
      <SyncStatusBar />
    </header>
  );
}
