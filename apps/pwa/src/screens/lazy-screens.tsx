import { LazyView } from '../components/lazy-view.tsx';

// Every screen but the job board (the first thing a device shows) is its own chunk: the
// initial JavaScript has a 150 KB gzip budget (`npm run bench -- pwa`).
const loadNewJob = () => import('./new-job-screen.tsx').then((m) => m.NewJobScreen);
const loadJobDetail = () => import('./job-detail-screen.tsx').then((m) => m.JobDetailScreen);
const loadSettings = () => import('./settings-screen.tsx').then((m) => m.SettingsScreen);
const loadInventory = () => import('./inventory-screen.tsx').then((m) => m.InventoryScreen);
const loadStaff = () => import('./staff-screen.tsx').then((m) => m.StaffScreen);
const loadConflicts = () => import('./conflicts-screen.tsx').then((m) => m.ConflictsScreen);

const page = <main class="page" id="main" aria-busy="true" />;

export function LazyNewJobScreen() {
  return <LazyView load={loadNewJob} props={{}} fallback={page} />;
}

export function LazyJobDetailScreen(props: { jobId: string }) {
  return <LazyView load={loadJobDetail} props={props} fallback={page} />;
}

export function LazySettingsScreen() {
  return <LazyView load={loadSettings} props={{}} fallback={page} />;
}

export function LazyInventoryScreen() {
  return <LazyView load={loadInventory} props={{}} fallback={page} />;
}

export function LazyStaffScreen() {
  return <LazyView load={loadStaff} props={{}} fallback={page} />;
}

export function LazyConflictsScreen() {
  return <LazyView load={loadConflicts} props={{}} fallback={page} />;
}
