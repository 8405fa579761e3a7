import { useState } from 'preact/hooks';
import { newJob } from '../data/new-job.ts';
import { useServices, useSignedIn } from '../hooks/use-services.ts';

/**
 * Creates a job on this device (works offline: it is sent when the server is reachable;
 * the server records JobCreated). Source files come with the upload route (not yet here).
 */
export function NewJobScreen() {
  const { navigation, newId, now } = useServices();
  const { device } = useSignedIn();
  const [error, setError] = useState<string | null>(null);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const name = String(form.get('name') ?? '').trim();
    if (!name) {
      setError('Give the job a name.');
      return;
    }
    const due = String(form.get('due') ?? '');
    const notes = String(form.get('notes') ?? '').trim();
    const job = newJob({
      id: newId(),
      name,
      priority: Number(form.get('priority') ?? 1),
      dueAt: due ? new Date(`${due}T17:00:00`).toISOString() : null,
      notes: notes || null,
      now: now(),
    });
    try {
      await device.db.jobs.insert(job);
      navigation.push(`/job/${job.id}`);
    } catch {
      setError('The job could not be saved on this device. Reload the app and try again.');
    }
  }

  return (
    <main class="page" id="main">
      <h1>New job</h1>
      <form class="card form" onSubmit={(e) => void submit(e)}>
        <label class="field">
          <span>Job name</span>
          <input name="name" required maxLength={256} placeholder="Poster for the open day" />
        </label>
        <label class="field">
          <span>Priority</span>
          <select name="priority">
            <option value="0">Low</option>
            <option value="1" selected>
              Normal
            </option>
            <option value="2">High</option>
            <option value="3">Urgent</option>
          </select>
        </label>
        <label class="field">
          <span>Due date (optional)</span>
          <input name="due" type="date" />
        </label>
        <label class="field">
          <span>Notes (optional)</span>
          <textarea name="notes" rows={3} maxLength={10_000} />
        </label>
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="button button-primary">
          Create job
        </button>
      </form>
    </main>
  );
}
