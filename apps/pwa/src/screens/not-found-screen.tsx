import { Link } from '../components/link.tsx';

export function NotFoundScreen(props: { what: string }) {
  return (
    <main class="page" id="main">
      <h1>Not found</h1>
      <p>{props.what}</p>
      <Link href="/" class="button">
        Back to the job board
      </Link>
    </main>
  );
}
