import type { Job } from '@fabdesk/shared/models/job.ts';
import { PAPER_SIZES } from '@fabdesk/shared/pipeline/paper-sizes.ts';
import { useState } from 'preact/hooks';
import { OutboxList } from '../components/outbox-list.tsx';
import { SvgDropZone } from '../components/svg-drop-zone.tsx';
import { checkSvgFile } from '../data/check-svg-file.ts';
import type { UploadFields } from '../data/file-services.ts';
import { newJob } from '@fabdesk/shared/models/new-job.ts';
import { addToOutbox } from '../data/outbox.ts';
import { describeSummary, type PickedSvg } from '../data/picked-file.ts';
import { checkSvgInWorker } from '../data/svg-worker-client.ts';
import { useOutbox } from '../hooks/use-outbox.ts';
import { useOutboxUploader } from '../hooks/use-outbox-uploader.ts';
import { useServices, useSignedIn } from '../hooks/use-services.ts';

/**
 * A new job from SVG files. Each file is checked on the device first (name, size, what its
 * bytes are, and a full import in a worker); a file that fails is named with its problem
 * and nothing is created. Good files go to the outbox (kept on the device, so this works
 * offline) and are uploaded as soon as the server answers; the server creates the job and
 * it arrives through replication.
 */
export function NewJobScreen() {
  const services = useServices();
  const { navigation, newId, now, files: fileServices, network } = services;
  const { device } = useSignedIn();
  const uploader = useOutboxUploader();
  const outbox = useOutbox();
  const [picked, setPicked] = useState<PickedSvg[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const update = (key: string, next: PickedSvg) =>
    setPicked((all) => all.map((p) => (p.key === key ? next : p)));

  async function check(file: File, key: string) {
    const base = { key, name: file.name, sizeBytes: file.size };
    const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
    const problem = checkSvgFile({ name: file.name, type: file.type, sizeBytes: file.size, head });
    if (problem) return update(key, { ...base, status: 'bad', problem });
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const summary = await checkSvgInWorker(
        fileServices.startSvgWorker,
        file.name,
        bytes.slice().buffer,
      );
      update(key, { ...base, status: 'ok', bytes, summary });
    } catch (e) {
      update(key, { ...base, status: 'bad', problem: e instanceof Error ? e.message : String(e) });
    }
  }

  function add(files: File[]) {
    setError(null);
    setNotice(null);
    const added = files.map((f) => ({
      file: f,
      entry: { key: newId(), name: f.name, sizeBytes: f.size, status: 'checking' } as PickedSvg,
    }));
    setPicked((all) => [...all, ...added.map((a) => a.entry)]);
    for (const a of added) void check(a.file, a.entry.key);
  }

  function fieldsOf(form: FormData): UploadFields {
    const name = String(form.get('name') ?? '').trim();
    const paper = String(form.get('paper') ?? '');
    return {
      name: name || null,
      priority: Number(form.get('priority') ?? 1),
      paper: paper || null,
    };
  }

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    setError(null);
    setNotice(null);
    if (picked.length === 0) return setError('Choose one or more SVG files for the job.');
    if (picked.some((p) => p.status === 'checking'))
      return setError('Wait a moment: the files are still being checked.');
    const bad = picked.filter((p) => p.status === 'bad');
    if (bad.length)
      return setError(
        `Nothing was created. Remove the file${bad.length === 1 ? '' : 's'} that cannot be plotted: ${bad.map((p) => p.name).join(', ')}.`,
      );
    const good = picked.flatMap((p) =>
      p.status === 'ok' ? [{ name: p.name, bytes: p.bytes }] : [],
    );
    setBusy(true);
    try {
      const groupId = await addToOutbox(device.db, good, fieldsOf(new FormData(form)), {
        newId,
        now,
      });
      setPicked([]);
      form.reset();
      if (!network.online()) {
        setNotice('Saved on this device. It uploads by itself when the server is reachable.');
        return;
      }
      const answer = (await uploader.drain()).get(groupId);
      if (answer?.kind === 'created') {
        setNotice('Uploaded. Opening the job…');
        await waitForJob(answer.jobId);
        navigation.push(`/job/${answer.jobId}`);
      } else if (answer?.kind === 'waiting' || !answer) {
        setNotice('Saved on this device. It uploads by itself when the server is reachable.');
      }
      // A duplicate or a refusal stays in the outbox list below with its reason.
    } catch {
      setError('The files could not be kept on this device. Reload the app and try again.');
    } finally {
      setBusy(false);
    }
  }

  /** The server made the job; wait (briefly) for replication to bring it here. */
  async function waitForJob(jobId: string) {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (await device.db.jobs.findOne(jobId).exec()) return;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function createWithoutDrawing(form: HTMLFormElement) {
    setError(null);
    const fields = fieldsOf(new FormData(form));
    if (!fields.name) return setError('Give the job a name.');
    const job: Job = newJob({
      id: newId(),
      name: fields.name,
      priority: fields.priority,
      dueAt: null,
      notes: null,
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
        <SvgDropZone onFiles={add} disabled={busy} />
        {picked.length > 0 && (
          <ul class="picked" aria-label="Chosen files" data-testid="picked-files">
            {picked.map((p) => (
              <li key={p.key} class={p.status === 'bad' ? 'is-bad' : undefined}>
                <span>
                  <strong>{p.name}</strong>{' '}
                  {p.status === 'checking' && <span class="hint">checking…</span>}
                  {p.status === 'ok' && <span class="hint">{describeSummary(p.summary)}</span>}
                  {p.status === 'bad' && (
                    <span class="form-error" role="alert">
                      {p.problem}
                    </span>
                  )}
                </span>
                <button
                  type="button"
                  class="button button-small"
                  onClick={() => setPicked((all) => all.filter((x) => x.key !== p.key))}
                >
                  Remove <span class="visually-hidden">{p.name}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <label class="field">
          <span>Job name (optional: the first file’s name)</span>
          <input name="name" maxLength={256} placeholder="Poster for the open day" />
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
          <span>Paper</span>
          <select name="paper">
            <option value="">A3 (the lab’s default)</option>
            {Object.entries(PAPER_SIZES).map(([name, s]) => (
              <option key={name} value={name}>
                {name} ({s.widthMm} × {s.heightMm} mm)
              </option>
            ))}
          </select>
        </label>
        {error && (
          <p class="form-error" role="alert" data-testid="new-job-error">
            {error}
          </p>
        )}
        {notice && (
          <p role="status" data-testid="new-job-notice">
            {notice}
          </p>
        )}
        <div class="button-row">
          <button type="submit" class="button button-primary" disabled={busy}>
            Create job
          </button>
          <button
            type="button"
            class="button"
            disabled={busy}
            onClick={(e) => void createWithoutDrawing(e.currentTarget.form as HTMLFormElement)}
          >
            Create without a drawing
          </button>
        </div>
      </form>
      <OutboxList groups={outbox.groups} />
    </main>
  );
}
