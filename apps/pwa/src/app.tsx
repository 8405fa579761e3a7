import type { ComponentChild } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { AppHeader } from './components/app-header.tsx';
import { OutboxSender } from './components/outbox-sender.tsx';
import { UpdatePrompt } from './components/update-prompt.tsx';
import {
  type AppServices,
  ServicesContext,
  type SignedIn,
  SignedInContext,
} from './data/app-services.ts';
import type { Session } from './data/session.ts';
import { useRoute } from './hooks/use-route.ts';
import { useServices } from './hooks/use-services.ts';
import { LazyPlotConsole } from './plot/lazy-plot.tsx';
import { JobBoardScreen } from './screens/job-board-screen.tsx';
import {
  LazyConflictsScreen,
  LazyInventoryScreen,
  LazyJobDetailScreen,
  LazyNewJobScreen,
  LazySettingsScreen,
  LazyStaffScreen,
} from './screens/lazy-screens.tsx';
import { NotFoundScreen } from './screens/not-found-screen.tsx';
import { SignInScreen } from './screens/sign-in-screen.tsx';
import { describeOpenError } from './data/describe-open-error.ts';

/** The app: the sign-in screen until this device is paired, then the routed screens. */
export function App(props: { services: AppServices }) {
  return (
    <ServicesContext.Provider value={props.services}>
      <UpdatePrompt />
      <Root />
    </ServicesContext.Provider>
  );
}

function Root() {
  const services = useServices();
  const [session, setSession] = useState<Session | null>(() => services.sessions.load());
  const [signedIn, setSignedIn] = useState<SignedIn | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (!session) return;
    let open = true;
    let closeDevice: (() => Promise<void>) | null = null;
    services.openDevice(session).then(
      (device) => {
        closeDevice = device.close;
        if (!open) return void device.close();
        setSignedIn({
          session,
          device,
          async signOut() {
            // Revoke the token if the server is reachable; forget it on this device either way.
            await services.api.signOut(session).catch(() => undefined);
            services.sessions.save(null);
            setSignedIn(null);
            setSession(null);
            services.navigation.push('/');
          },
        });
      },
      (error: unknown) => setFailure(describeOpenError(error)),
    );
    return () => {
      open = false;
      void closeDevice?.();
    };
  }, [session, services]);

  if (failure)
    return (
      <main class="page" id="main">
        <p class="form-error" role="alert">
          {failure}
        </p>
      </main>
    );
  if (!session)
    return (
      <SignInScreen
        onSignedIn={(s) => {
          services.sessions.save(s);
          setSession(s);
        }}
      />
    );
  // Opening the database takes a moment; keep the page's frame so nothing jumps.
  if (!signedIn) return <main class="page" id="main" aria-busy="true" />;
  return (
    <SignedInContext.Provider value={signedIn}>
      <Screens />
    </SignedInContext.Provider>
  );
}

function Screens() {
  const path = useRoute();
  const job = /^\/job\/([0-9a-f-]{36})$/.exec(path);
  const plot = /^\/job\/([0-9a-f-]{36})\/plot$/.exec(path);
  let screen: ComponentChild;
  if (path === '/') screen = <JobBoardScreen />;
  else if (path === '/new') screen = <LazyNewJobScreen />;
  else if (job?.[1]) screen = <LazyJobDetailScreen key={job[1]} jobId={job[1]} />;
  else if (plot?.[1]) screen = <LazyPlotConsole key={plot[1]} jobId={plot[1]} />;
  else if (path === '/settings') screen = <LazySettingsScreen />;
  else if (path === '/inventory') screen = <LazyInventoryScreen />;
  else if (path === '/team') screen = <LazyStaffScreen />;
  else if (path === '/conflicts') screen = <LazyConflictsScreen />;
  else screen = <NotFoundScreen what={`There is no page at ${path}.`} />;
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <AppHeader path={path} />
      <OutboxSender />
      {screen}
    </>
  );
}
