import { Type, type Static } from '@sinclair/typebox';
import { Id, NextCursor } from './common';
import { FeedbackWaits } from './feedback';
import { JobFunnel, JobStatusSchema } from './jobs';

export const ClientStats = Type.Composite([
  FeedbackWaits,
  Type.Object({
    jobs_total: Type.Integer(),
    jobs_open: Type.Integer({ description: 'Jobs in status open.' }),
    applications: Type.Integer({ description: "All applications on the client's jobs." }),
    interviews_scheduled: Type.Integer({ description: 'Interviews in status scheduled (to come, or overdue).' }),
    interviews: Type.Integer({
      description: "Interviews scheduled or completed (not cancelled): the sum of the jobs' counts.interviews.",
    }),
    offers_made: Type.Integer({ description: 'All offers.' }),
    offers_accepted: Type.Integer({ description: 'Offers in status accepted.' }),
    hires: Type.Integer({ description: 'Applications in stage hired.' }),
  }),
]);
export type ClientStats = Static<typeof ClientStats>;

export const FunnelReport = Type.Object({
  totals: JobFunnel,
  jobs: Type.Array(Type.Object({ job_id: Id, title: Type.String(), status: JobStatusSchema, funnel: JobFunnel })),
  next_cursor: NextCursor,
});
export type FunnelReport = Static<typeof FunnelReport>;
