import { Type, type Static } from '@sinclair/typebox';
import { Id, NextCursor, Nullable, StringEnum, Timestamp } from './common';
import { JobFeedbackWaits } from './feedback';
import { Application, ClientApplication, FUNNEL_STAGES, FunnelStageSchema, Interview, Offer } from './pipeline';

export const JOB_STATUSES = ['open', 'paused', 'closed', 'filled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const EMPLOYMENT_TYPES = ['full_time', 'part_time', 'contract', 'temporary', 'internship'] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];

export const JobStatusSchema = StringEnum(JOB_STATUSES);
export const EmploymentTypeSchema = StringEnum(EMPLOYMENT_TYPES);

export const JobCounts = Type.Object({
  applications: Type.Integer({ description: 'All applications.' }),
  interviews: Type.Integer({ description: 'Interviews scheduled or completed (not cancelled).' }),
  offers: Type.Integer({ description: 'All offers made.' }),
  hires: Type.Integer({ description: 'Applications in stage hired.' }),
});
export type JobCounts = Static<typeof JobCounts>;

/** How many applications ever reached each stage (a rejected candidate keeps the furthest stage it reached). */
export const JobFunnel = Type.Object({
  applied: Type.Integer(),
  screening: Type.Integer(),
  interview: Type.Integer(),
  offer: Type.Integer(),
  hired: Type.Integer(),
});
export type JobFunnel = Static<typeof JobFunnel>;

export const ClientSummary = Type.Object({ client_id: Id, company_name: Type.String() });
export type ClientSummary = Static<typeof ClientSummary>;

/** Who posted a job, as its client sees it. */
export const RecruiterSummary = Type.Object({ recruiter_id: Id, name: Type.String() });
export type RecruiterSummary = Static<typeof RecruiterSummary>;

/** What the recruiter shares with the job's client. */
function JobSharing() {
  return {
    client_visible_from: FunnelStageSchema,
    share_contact_details: Type.Boolean(),
  };
}
const sharingDescriptions = {
  client_visible_from:
    'The first stage at which the client sees a candidate (default applied: every candidate). A candidate shared early is seen whatever its stage.',
  share_contact_details: "Whether the client receives candidates' contact details (candidate_email); default false.",
};

export const Job = Type.Object({
  job_id: Id,
  client_id: Nullable(Id),
  recruiter_id: Id,
  title: Type.String(),
  description: Nullable(Type.String()),
  location: Nullable(Type.String()),
  employment_type: Nullable(EmploymentTypeSchema),
  status: JobStatusSchema,
  ...JobSharing(),
  link_status: StringEnum(['active', 'pending', 'blocked'] as const, {
    description:
      "The recruiter's link with the job's client: pending (posted while the client requires approval: it waits, unseen by the client, " +
      'until approved), blocked (the client blocked this recruiter: the job is read-only) or active (also for a job with no client).',
  }),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Job = Static<typeof Job>;

const JobText = {
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Nullable(Type.String({ maxLength: 20_000 })),
  location: Nullable(Type.String({ maxLength: 200 })),
  employment_type: Nullable(EmploymentTypeSchema),
};

export const JobCreateBody = Type.Object(
  {
    title: JobText.title,
    description: Type.Optional(JobText.description),
    location: Type.Optional(JobText.location),
    employment_type: Type.Optional(JobText.employment_type),
    connection_id: Type.Optional(
      Type.String({
        maxLength: 200,
        description: 'The client\'s connection ID, in any case, with or without separators or a leading label ("Connection ID:").',
      }),
    ),
    client_id: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type JobCreateBody = Static<typeof JobCreateBody>;

export const JobUpdateBody = Type.Object(
  {
    title: Type.Optional(JobText.title),
    description: Type.Optional(JobText.description),
    location: Type.Optional(JobText.location),
    employment_type: Type.Optional(JobText.employment_type),
    status: Type.Optional(JobStatusSchema),
    client_visible_from: Type.Optional(StringEnum(FUNNEL_STAGES, { description: sharingDescriptions.client_visible_from })),
    share_contact_details: Type.Optional(Type.Boolean({ description: sharingDescriptions.share_contact_details })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type JobUpdateBody = Static<typeof JobUpdateBody>;

/** A recruiter's view of one of its jobs, as listed in the Client Jobs Monitor. */
export const RecruiterJob = Type.Composite([Job, Type.Object({ client: Nullable(ClientSummary), counts: JobCounts })]);
export type RecruiterJob = Static<typeof RecruiterJob>;

/** A job as the monitor lists it: with who waits for whom on it (see FeedbackWaits). */
export const ListedRecruiterJob = Type.Composite([RecruiterJob, JobFeedbackWaits]);
export type ListedRecruiterJob = Static<typeof ListedRecruiterJob>;

export const RecruiterJobList = Type.Object({ jobs: Type.Array(ListedRecruiterJob), next_cursor: NextCursor });
export type RecruiterJobList = Static<typeof RecruiterJobList>;

/** A client's view of one of its jobs in the dashboard list. */
export const ClientJob = Type.Object({
  job_id: Id,
  title: Type.String(),
  status: JobStatusSchema,
  location: Nullable(Type.String()),
  employment_type: Nullable(EmploymentTypeSchema),
  created_at: Timestamp,
  updated_at: Timestamp,
  counts: JobCounts,
  recruiter: RecruiterSummary,
});
export type ClientJob = Static<typeof ClientJob>;

export const ClientJobList = Type.Object({ jobs: Type.Array(ClientJob), next_cursor: NextCursor });
export type ClientJobList = Static<typeof ClientJobList>;

const Pipeline = {
  funnel: JobFunnel,
  applications: Type.Array(Application),
  interviews: Type.Array(Interview),
  offers: Type.Array(Offer),
};

export const RecruiterJobDetail = Type.Composite([RecruiterJob, Type.Object(Pipeline)]);
export type RecruiterJobDetail = Static<typeof RecruiterJobDetail>;

/** The client's job page: only the candidates it may see (with their interviews and offers), counted alike. */
export const ClientJobDetail = Type.Composite([
  ClientJob,
  Type.Object({ description: Nullable(Type.String()), ...Pipeline, applications: Type.Array(ClientApplication) }),
]);
export type ClientJobDetail = Static<typeof ClientJobDetail>;

export const JobIdParams = Type.Object({ job_id: Id });
