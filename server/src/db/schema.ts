import type { Generated } from 'kysely';

/**
 * The tables as Kysely sees them. Timestamps travel as ISO 8601 strings on both databases
 * (text in SQLite, timestamptz in PostgreSQL, parsed back to ISO strings by the driver).
 */
export interface ClientsTable {
  client_id: string;
  company_name: string;
  connection_id: string;
  created_at: string;
  /** 1: a recruiter new to this client starts with a pending link (see client_links). */
  require_link_approval?: number;
  /** 1: every user of the company signs in with a TOTP code. */
  require_two_factor?: number;
}

/** A person who signs in for a client company (migration 1001). */
export interface ClientUsersTable {
  user_id: string;
  client_id: string;
  name: string;
  email: string;
  password_hash: string;
  role: 'admin' | 'member';
  /** When the user opened the link mailed to the address; null until then (optional: inserts leave it out). */
  email_verified_at?: string | null;
  created_at: string;
  removed_at?: string | null;
}

export interface ClientInvitationsTable {
  invitation_id: string;
  client_id: string;
  email: string;
  role: 'admin' | 'member';
  token_hash: string;
  invited_by: string | null;
  created_at: string;
  expires_at: string;
  accepted_at?: string | null;
  accepted_user_id?: string | null;
  revoked_at?: string | null;
}

export interface RecruitersTable {
  recruiter_id: string;
  name: string;
  email: string;
  password_hash: string;
  created_at: string;
  /** When the owner opened the link mailed to the address; null until then (optional: inserts leave it out). */
  email_verified_at?: string | null;
}

export interface ApiKeysTable {
  key_id: string;
  recruiter_id: string;
  label: string;
  key_hash: string;
  key_prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface RevokedTokensTable {
  jti: string;
  expires_at: string;
}

export interface JobCounterColumns {
  applications_count: Generated<number>;
  interviews_count: Generated<number>;
  interviews_scheduled_count: Generated<number>;
  offers_count: Generated<number>;
  offers_accepted_count: Generated<number>;
  hires_count: Generated<number>;
  reached_screening_count: Generated<number>;
  reached_interview_count: Generated<number>;
  reached_offer_count: Generated<number>;
  reached_hired_count: Generated<number>;
}

/** The same counters over only the candidates the job's client may see (see ApplicationsTable.client_visible). */
export type ClientJobCounterColumns = { [K in keyof JobCounterColumns as `client_${K}`]: JobCounterColumns[K] };

export interface JobsTable extends JobCounterColumns, ClientJobCounterColumns {
  job_id: string;
  recruiter_id: string;
  client_id: string | null;
  /** The client a job waits for while its recruiter's link is pending (client_id is then null). */
  pending_client_id?: string | null;
  title: string;
  description: string | null;
  location: string | null;
  employment_type: string | null;
  status: string;
  /** The first funnel stage at which the client sees a candidate. */
  client_visible_from: Generated<string>;
  /** 1: the client sees candidates' e-mail addresses. */
  share_contact_details: Generated<number>;
  /** How many of its candidates wait for the client, and for the recruiter, however long (kept by the pipeline). */
  awaiting_client_count: Generated<number>;
  awaiting_recruiter_count: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** Pipeline rows carry their job's recruiter_id and client_id so every query can be scoped on the row itself. */
interface PipelineScope {
  job_id: string;
  recruiter_id: string;
  client_id: string | null;
}

export interface ApplicationsTable extends PipelineScope {
  application_id: string;
  candidate_name: string;
  candidate_email: string;
  notes: string | null;
  stage: string;
  /** Rank in FUNNEL_STAGES of the furthest stage ever reached (0 = applied). */
  furthest_stage_rank: number;
  /** 1: the recruiter shared this candidate with the client, whatever its stage. */
  shared_with_client: number;
  /** 1: the client may see this candidate: shared, or reached the job's client_visible_from. */
  client_visible: number;
  /** What the client reads about the candidate (the recruiter's notes are its own). */
  client_summary: string | null;
  /** 1 when a CV is on file (kept by the cv module through the pipeline service), else 0. */
  has_cv: number;
  /** The client's latest decision on the candidate (kept by the feedback module through the pipeline service). */
  client_decision: 'approved' | 'rejected' | null;
  client_decision_at: string | null;
  /** Visible to the client, in progress and undecided by it: since when (null: not waiting for the client). */
  awaiting_client_since: string | null;
  /** Approved by the client and not moved by the recruiter since: since the approval (null: not waiting). */
  awaiting_recruiter_since: string | null;
  /** When the candidate was last moved to hired. */
  hired_at?: string | null;
  created_at: string;
  updated_at: string;
}

export interface InterviewsTable extends PipelineScope {
  interview_id: string;
  application_id: string;
  scheduled_at: string;
  kind: string;
  status: string;
  outcome: string | null;
  duration_minutes: number | null;
  /** http(s) only. */
  meeting_url: string | null;
  interviewer_name: string | null;
  created_at: string;
  updated_at: string;
}

export interface OffersTable extends PipelineScope {
  offer_id: string;
  application_id: string;
  salary: number | null;
  currency: string | null;
  notes: string | null;
  status: string;
  /** 'YYYY-MM-DD'. */
  start_date: string | null;
  created_at: string;
  updated_at: string;
}

export interface EventsTable {
  event_id: Generated<number>;
  client_id: string | null;
  recruiter_id: string;
  type: string;
  /** JSON text: what the recruiter's stream carries. */
  payload: string;
  /** JSON text: what the client's stream carries; null when the client is not to hear of it. */
  client_payload: string | null;
  created_at: string;
}

/** A recruiter linked to a client by having posted with its connection ID. */
export interface ClientLinksTable {
  client_id: string;
  recruiter_id: string;
  status: 'active' | 'blocked' | 'pending';
  linked_at: string;
  /** When the link became active; null while never approved. */
  approved_at: string | null;
}

export interface SignInSourcesTable {
  role: 'client' | 'recruiter';
  account_id: string;
  /** A keyed hash of the source (IPv4 address or IPv6 /64), never the address. */
  source: string;
  last_signed_in_at: string;
}

/** The bytes of stored files, by an opaque key: the database file store (modules/cv/file-store.ts). */
export interface StoredFilesTable {
  file_key: string;
  content: Buffer;
  size_bytes: number;
  created_at: string;
}

/** A candidate's CV as the API describes it; the bytes are in the file store under file_key. */
export interface CvsTable {
  application_id: string;
  job_id: string;
  recruiter_id: string;
  client_id: string | null;
  file_key: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  uploaded_at: string;
}

/** One item of a candidate's feedback thread: a client's decision or comment, or a recruiter's reply. */
export interface FeedbackTable {
  feedback_id: string;
  application_id: string;
  job_id: string;
  recruiter_id: string;
  client_id: string | null;
  author_role: 'client' | 'recruiter';
  author_name: string;
  /** Null for a comment. */
  decision: 'approve' | 'reject' | null;
  comment: string | null;
  created_at: string;
}

export interface EventLogStateTable {
  singleton: number;
  pruned_through: number;
}

export interface MailOutboxTable {
  mail_id: string;
  kind: string;
  recipient: string;
  subject: string;
  /** The sealed text and HTML parts (crypto/sealing.ts); null once sent. */
  body: string | null;
  status: 'pending' | 'sent' | 'failed';
  attempts: Generated<number>;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface PasswordResetTokensTable {
  /** SHA-256 of the token, base64url; the token itself is only in the mail. */
  token_hash: string;
  role: 'client' | 'recruiter';
  account_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** Every session of the account issued before `signed_out_before` is over. */
export interface AccountSignOutsTable {
  role: 'client' | 'recruiter';
  account_id: string;
  signed_out_before: string;
}

/** An in-app notification of one account, and the state of its mail (migration 0801). */
export interface NotificationsTable {
  notification_id: string;
  account_role: 'client' | 'recruiter';
  account_id: string;
  kind: string;
  title: string;
  body: string;
  job_id: string | null;
  application_id: string | null;
  dedupe_key: string | null;
  created_at: string;
  read_at: string | null;
  mail_mode: 'instant' | 'digest' | null;
  mail_due_at: string | null;
  mailed_at: string | null;
}

export interface NotificationPreferencesTable {
  account_role: 'client' | 'recruiter';
  account_id: string;
  time_zone: string;
  /** JSON: kind → delivery, for the kinds the account set. */
  deliveries: string;
  updated_at: string;
}

export interface NotificationDigestsTable {
  account_role: 'client' | 'recruiter';
  account_id: string;
  digest_date: string;
  claimed_at: string;
}

/** A sign-in, keyed by its token's jti: what the account's session list shows. */
export interface SessionsTable {
  session_id: string;
  role: 'client' | 'recruiter';
  account_id: string;
  /** The User-Agent it signed in with, cut to 512 characters ('' when none). */
  user_agent: string;
  ip: string;
  created_at: string;
  /** Rewritten at most once a minute per instance. */
  last_seen_at: string;
  expires_at: string;
}

export interface TotpFactorsTable {
  role: 'client' | 'recruiter';
  account_id: string;
  /** The base32 secret, sealed (crypto/sealing.ts). */
  secret_sealed: string;
  created_at: string;
  /** Null while enrolment waits for its first code. */
  enabled_at: string | null;
  /** The last 30-second step whose code was accepted: no code is accepted twice. */
  last_used_step: number | null;
}

export interface RecoveryCodesTable {
  code_hash: string;
  role: 'client' | 'recruiter';
  account_id: string;
  created_at: string;
  used_at: string | null;
}

export interface EmailVerificationTokensTable {
  /** SHA-256 of the token; the token itself is only in the mail. */
  token_hash: string;
  role: 'client' | 'recruiter';
  account_id: string;
  /** The address the link was sent to: it confirms that one. */
  email: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** One entry of a client's activity log (migration 0901): written with its change, never updated. */
export interface ActivityTable {
  activity_id: string;
  client_id: string;
  created_at: string;
  type: string;
  /** 'recruiter' | 'client' | 'system'; company users will add 'user' (no check constraint, so no migration). */
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  api_key_id: string | null;
  recruiter_id: string | null;
  recruiter_name: string | null;
  job_id: string | null;
  job_title: string | null;
  application_id: string | null;
  candidate_name: string | null;
  /** JSON: [{field, before, after}]. */
  changes: string;
  detail: string | null;
}

export interface Database {
  clients: ClientsTable;
  client_users: ClientUsersTable;
  client_invitations: ClientInvitationsTable;
  recruiters: RecruitersTable;
  api_keys: ApiKeysTable;
  revoked_tokens: RevokedTokensTable;
  jobs: JobsTable;
  applications: ApplicationsTable;
  interviews: InterviewsTable;
  offers: OffersTable;
  events: EventsTable;
  event_log_state: EventLogStateTable;
  client_links: ClientLinksTable;
  sign_in_sources: SignInSourcesTable;
  stored_files: StoredFilesTable;
  cvs: CvsTable;
  feedback: FeedbackTable;
  mail_outbox: MailOutboxTable;
  password_reset_tokens: PasswordResetTokensTable;
  account_sign_outs: AccountSignOutsTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  notification_digests: NotificationDigestsTable;
  sessions: SessionsTable;
  totp_factors: TotpFactorsTable;
  recovery_codes: RecoveryCodesTable;
  email_verification_tokens: EmailVerificationTokensTable;
  activity: ActivityTable;
}
