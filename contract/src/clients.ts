import { Type, type Static } from '@sinclair/typebox';
import { Id, Nullable, StringEnum, Timestamp } from './common';
import { CompanyUserSummary } from './users';

export const ClientProfile = Type.Object({
  client_id: Id,
  company_name: Type.String(),
  email: Type.String(),
  connection_id: Type.String(),
  email_verified: Type.Boolean({ description: 'Whether the owner has opened the link mailed to the address (POST /v1/auth/verify-email).' }),
  user: CompanyUserSummary,
});
export type ClientProfile = Static<typeof ClientProfile>;

/** What a recruiter learns from a connection ID: who it belongs to, and nothing else. */
export const ClientByConnection = Type.Object({ client_id: Id, company_name: Type.String() });
export type ClientByConnection = Static<typeof ClientByConnection>;

export const ConnectionIdParams = Type.Object({
  connection_id: Type.String({
    maxLength: 200,
    description: 'Any case; spaces, -, _, : and . are ignored, and so is a leading label such as "Connection ID:".',
  }),
});

/** A client's settings. */
export const ClientSettings = Type.Object({
  require_link_approval: Type.Boolean({
    description:
      'When true, a recruiter new to this client who posts with its connection ID is linked as pending: its jobs wait, unseen, until the client approves it.',
  }),
  require_two_factor: Type.Boolean({
    description:
      'When true, every user of the company signs in with a TOTP code; a user without one is signed out and must set one up at the next sign-in.',
  }),
});
export type ClientSettings = Static<typeof ClientSettings>;

export const ClientSettingsPatch = Type.Object(
  { require_link_approval: Type.Optional(Type.Boolean()), require_two_factor: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
export type ClientSettingsPatch = Static<typeof ClientSettingsPatch>;

export const LINK_STATUSES = ['active', 'blocked', 'pending'] as const;
export type LinkStatus = (typeof LINK_STATUSES)[number];
export const LinkStatusSchema = StringEnum(LINK_STATUSES);

/** A recruiter linked to the client (or waiting for approval), with what it did for the client, as the client may see it. */
export const LinkedRecruiter = Type.Object({
  recruiter_id: Id,
  name: Type.String(),
  status: LinkStatusSchema,
  linked_at: Timestamp,
  last_activity_at: Nullable(Timestamp),
  jobs: Type.Integer({ description: "The recruiter's jobs on the client's dashboard (not those waiting for approval)." }),
  candidates_shared: Type.Integer({ description: 'Candidates the client may see, on those jobs.' }),
  interviews: Type.Integer({ description: 'Their interviews scheduled or completed.' }),
  offers: Type.Integer(),
  hires: Type.Integer(),
  median_days_to_hire: Nullable(Type.Number({ description: 'From a candidate added to hired, over its hires the client sees; null with none.' })),
  pending_jobs: Type.Array(Type.Object({ job_id: Id, title: Type.String() }), {
    description: 'Jobs waiting for the client to approve this recruiter (pending) or posted before it blocked one never approved.',
  }),
});
export type LinkedRecruiter = Static<typeof LinkedRecruiter>;

export const LinkedRecruiterList = Type.Object({ recruiters: Type.Array(LinkedRecruiter) });
export type LinkedRecruiterList = Static<typeof LinkedRecruiterList>;

export const RecruiterIdParams = Type.Object({ recruiter_id: Id });
