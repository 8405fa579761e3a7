import type { PlanBlob } from '@fabdesk/shared/plan/plan-blob.ts';
import { useEffect, useState } from 'preact/hooks';
import type { PackedDrawing } from '../data/svg-worker-protocol.ts';
import { useServices, useSignedIn } from '../hooks/use-services.ts';

export type JobPlan =
  | { status: 'loading' }
  | { status: 'none' }
  | { status: 'error'; message: string }
  | { status: 'ready'; blob: PlanBlob; drawing: PackedDrawing };

/**
 * The job's plan, decoded from its blob (fetched once, then from the device's cache, so a
 * plot can start offline), with its pen-down strokes for the progress canvas.
 */
export function useJobPlan(planHash: string | null): JobPlan {
  const { files } = useServices();
  const { session } = useSignedIn();
  const [plan, setPlan] = useState<JobPlan>({ status: 'loading' });
  useEffect(() => {
    if (!planHash) {
      setPlan({ status: 'none' });
      return;
    }
    let live = true;
    setPlan({ status: 'loading' });
    (async () => {
      const bytes = await files.blob(session, planHash);
      const [{ decodePlanBlob }, { planStrokes, paperAround }] = await Promise.all([
        import('@fabdesk/shared/plan/plan-blob.ts'),
        import('../data/plan-strokes.ts'),
      ]);
      const blob = decodePlanBlob(bytes);
      const drawing = paperAround(planStrokes(bytes, { widthMm: 0, heightMm: 0 }));
      return { status: 'ready', blob, drawing } as const;
    })().then(
      (ready) => live && setPlan(ready),
      (e) =>
        live &&
        setPlan({
          status: 'error',
          message: e instanceof Error ? e.message : 'The plan could not be read.',
        }),
    );
    return () => {
      live = false;
    };
  }, [planHash, files, session]);
  return plan;
}
