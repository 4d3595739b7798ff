import type {
  ApiKeyCreated,
  Application,
  ApplicationStage,
  ClientRegistered,
  EmploymentType,
  Interview,
  InterviewKind,
  InvitationAccepted,
  InvitationCreated,
  Job,
  JobStatus,
  Offer,
  RecruiterRegistered,
} from '#contract';
import type { FastifyInstance } from 'fastify';
import { type DemoApi, demoApi } from './demo-api';

/** The sign-ins `npm run demo` prints; fixed, so that they can be written down and tested. */
export const DEMO_PASSWORD = 'hirelink-demo';
export const DEMO_CLIENT_EMAIL = 'demo-client@hirelink.test';
export const DEMO_RECRUITER_EMAIL = 'demo-recruiter@hirelink.test';
/** A hiring manager the demo client invited: a member of its team, who gives its feedback. */
export const DEMO_MEMBER_EMAIL = 'demo-member@hirelink.test';
const DEMO_MEMBER_NAME = 'Jordan Blake';

type ClientKey = 'brightwater' | 'mapleFinch';
type RecruiterKey = 'dana' | 'sam' | 'priya';

const CLIENTS: Record<ClientKey, { company_name: string; email: string }> = {
  brightwater: { company_name: 'Brightwater Energy', email: DEMO_CLIENT_EMAIL },
  mapleFinch: { company_name: 'Maple & Finch Studio', email: 'maple-finch@hirelink.test' },
};

const RECRUITERS: Record<RecruiterKey, { name: string; email: string }> = {
  dana: { name: 'Dana Reyes', email: DEMO_RECRUITER_EMAIL },
  // The background recruiter: it moves candidates on its Brightwater jobs while the demo runs.
  sam: { name: 'Sam Okafor', email: 'sam.okafor@hirelink.test' },
  priya: { name: 'Priya Natarajan', email: 'priya.natarajan@hirelink.test' },
};

/** Where a seeded candidate ends up; the seed walks it there through every stage before. */
type Outcome = Exclude<ApplicationStage, 'rejected'> | 'rejected after screening' | 'rejected after interview';

export interface DemoJob {
  client: ClientKey;
  recruiter: RecruiterKey;
  title: string;
  location: string;
  employment_type: EmploymentType;
  description: string;
  /** What its offers are made at. */
  salary: number;
  currency: 'EUR' | 'GBP';
  /** Set once its candidates are in (a filled job takes no new candidates). */
  status?: Exclude<JobStatus, 'open'>;
  candidates: [name: string, outcome: Outcome][];
}

/** Listed as the dashboards show them, newest first. */
export const DEMO_JOBS: DemoJob[] = [
  {
    client: 'brightwater',
    recruiter: 'dana',
    title: 'Senior Backend Engineer',
    location: 'Berlin',
    employment_type: 'full_time',
    description: 'Build the platform that balances our wind and solar parks against the grid, in TypeScript and PostgreSQL.',
    salary: 92_000,
    currency: 'EUR',
    candidates: [
      ['Amara Okoye', 'interview'],
      ['Lukas Becker', 'screening'],
      ['Sofia Marchetti', 'applied'],
      ['Mei Lin', 'offer'],
      ['Jonas Weber', 'rejected after interview'],
    ],
  },
  {
    client: 'brightwater',
    recruiter: 'sam',
    title: 'Site Reliability Engineer',
    location: 'Remote (EU)',
    employment_type: 'full_time',
    description: 'Keep forecasting and trading systems up around the clock; on call one week in six.',
    salary: 88_000,
    currency: 'EUR',
    candidates: [
      ['Elena Popescu', 'screening'],
      ['Daniel Kim', 'applied'],
      ['Fatima Zahra', 'interview'],
    ],
  },
  {
    client: 'brightwater',
    recruiter: 'dana',
    title: 'Product Designer',
    location: 'Remote',
    employment_type: 'full_time',
    description: 'Design the tools our field teams and grid operators use every day.',
    salary: 74_000,
    currency: 'EUR',
    candidates: [
      ['Chloé Dubois', 'hired'],
      ['Noah Fischer', 'interview'],
      ['Aisha Rahman', 'applied'],
    ],
  },
  {
    client: 'brightwater',
    recruiter: 'priya',
    title: 'Head of Finance',
    location: 'Berlin',
    employment_type: 'full_time',
    description: 'Lead a team of six through our next funding round and two new markets.',
    salary: 140_000,
    currency: 'EUR',
    candidates: [
      ['Clara Hoffmann', 'interview'],
      ['William Osei', 'screening'],
    ],
  },
  {
    client: 'brightwater',
    recruiter: 'sam',
    title: 'Field Service Technician',
    location: 'Hamburg',
    employment_type: 'full_time',
    description: 'Service turbines along the North Sea coast; a driving licence and a head for heights.',
    salary: 52_000,
    currency: 'EUR',
    candidates: [
      ['Marco Rossi', 'hired'],
      ['Olga Ivanova', 'interview'],
      ['Ben Carter', 'applied'],
    ],
  },
  {
    client: 'brightwater',
    recruiter: 'dana',
    title: 'Data Analyst',
    location: 'Hamburg',
    employment_type: 'contract',
    description: 'Six months on production forecasts, with a view to staying on.',
    salary: 68_000,
    currency: 'EUR',
    candidates: [
      ['Tomás Silva', 'screening'],
      ['Hannah Schulz', 'applied'],
      ['Ravi Kapoor', 'rejected after screening'],
    ],
  },
  {
    client: 'brightwater',
    recruiter: 'priya',
    title: 'Customer Support Lead',
    location: 'Remote',
    employment_type: 'part_time',
    description: 'On hold until the new support tooling is in.',
    salary: 45_000,
    currency: 'EUR',
    status: 'paused',
    candidates: [['Yuki Tanaka', 'applied']],
  },
  {
    client: 'mapleFinch',
    recruiter: 'dana',
    title: 'Frontend Developer',
    location: 'Lisbon',
    employment_type: 'full_time',
    description: 'React and a love of typography, for the studio’s client websites.',
    salary: 58_000,
    currency: 'EUR',
    candidates: [
      ['Inês Costa', 'interview'],
      ['Emma Johansson', 'offer'],
      ['Pedro Alves', 'applied'],
    ],
  },
  {
    client: 'mapleFinch',
    recruiter: 'dana',
    title: 'Brand Marketing Lead',
    location: 'London',
    employment_type: 'full_time',
    description: 'Tell the studio’s story, and our clients’.',
    salary: 72_000,
    currency: 'GBP',
    candidates: [
      ['Oliver Bennett', 'screening'],
      ['Grace Mwangi', 'applied'],
    ],
  },
  {
    client: 'mapleFinch',
    recruiter: 'priya',
    title: 'Studio Producer',
    location: 'London',
    employment_type: 'contract',
    description: 'Keep a dozen projects on time and their clients happy.',
    salary: 60_000,
    currency: 'GBP',
    candidates: [
      ['Leo Martin', 'screening'],
      ['Zara Ahmed', 'rejected after screening'],
    ],
  },
  {
    client: 'mapleFinch',
    recruiter: 'priya',
    title: 'Motion Designer',
    location: 'Remote',
    employment_type: 'contract',
    description: 'Title sequences and product films.',
    salary: 55_000,
    currency: 'GBP',
    status: 'filled',
    candidates: [
      ['Nina Petrova', 'hired'],
      ['Samuel Adeyemi', 'rejected after interview'],
    ],
  },
  {
    client: 'mapleFinch',
    recruiter: 'sam',
    title: 'Junior Copywriter',
    location: 'London',
    employment_type: 'internship',
    description: 'Three months of writing for brands you know.',
    salary: 24_000,
    currency: 'GBP',
    candidates: [
      ['Ada Nwosu', 'applied'],
      ['Felix Wagner', 'screening'],
    ],
  },
];

export interface DemoWorld {
  /** The client whose sign-in is printed, and whose candidates the background recruiter moves. */
  client: { client_id: string; company_name: string; connection_id: string };
  /** The demo client's colleague (a member), whose sign-in is printed too. */
  member: { user_id: string; name: string };
  /** The recruiter whose sign-in is printed; it posts for both clients. */
  recruiter: { recruiter_id: string; name: string };
  /** Signs in with an API key, which (unlike a token) never expires however long the demo runs. */
  backgroundRecruiter: { recruiter_id: string; name: string; apiKey: string };
}

/** "Chloé Dubois" → "chloe.dubois@example.com" (example.com never delivers mail). */
export function candidateEmail(name: string, suffix = ''): string {
  const local = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.');
  return `${local}${suffix}@example.com`;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The demo client's hiring manager answers: approves a candidate at interview (and its recruiter replies), rejects
 * one at screening with its reason, and leaves the rest waiting, so that both threads, the
 * decision badges and the waits have something to show.
 */
async function giveDemoFeedback(
  app: FastifyInstance,
  memberToken: string,
  candidates: { application: Application; outcome: Outcome; recruiterToken: string }[],
) {
  const client = demoApi(app, { token: memberToken });
  const approved = candidates.find((candidate) => candidate.outcome === 'interview');
  const rejected = candidates.find((candidate) => candidate.outcome === 'screening');
  if (approved) {
    const { application_id } = approved.application;
    await client.post(`/v1/client/applications/${application_id}/feedback`, {
      decision: 'approve',
      comment: 'Great background. We would like to meet them this week.',
    });
    await demoApi(app, { token: approved.recruiterToken }).post(`/v1/applications/${application_id}/comments`, {
      comment: 'Thank you. The interview is booked; I will send the panel their CV.',
    });
  }
  if (rejected) {
    await client.post(`/v1/client/applications/${rejected.application.application_id}/feedback`, {
      decision: 'reject',
      comment: 'We need someone who can be on site three days a week.',
    });
  }
}

/**
 * The k-th interview of the demo, two a weekday at office hours (UTC, which suits the demo's
 * European jobs): from the next weekday on, or from the weekday before the last one back. Relative
 * to now, so that the upcoming ones always fall in the coming week.
 */
function interviewAt(k: number, direction: 1 | -1, now: number): string {
  let day = Math.floor(now / DAY_MS) * DAY_MS;
  for (let weekdays = Math.floor(k / 2) + (direction === 1 ? 1 : 2); weekdays > 0;) {
    day += direction * DAY_MS;
    if (![0, 6].includes(new Date(day).getUTCDay())) weekdays -= 1;
  }
  return new Date(day + (k % 2 === 0 ? 9 : 14) * 60 * 60 * 1000).toISOString();
}

/** One of six slots over the next three weekdays: always within the coming week. */
export const upcomingInterview = (k: number, now = Date.now()) => interviewAt(k % 6, 1, now);

/** Interview times for the demo: upcoming ones within the coming week, past ones before today. */
export function demoClock(now = Date.now()) {
  let upcoming = 0;
  let past = 0;
  return {
    nextInterview: () => upcomingInterview(upcoming++, now),
    pastInterview: () => interviewAt(past++, -1, now),
  };
}

const INTERVIEW_KINDS: InterviewKind[] = ['video', 'onsite', 'technical', 'phone'];
const INTERVIEWERS = ['Hannah Schmidt', 'Tom Ellis', 'Aiko Tanaka'];

/** An offer's start date: the first of the month after next, as 'YYYY-MM-DD'. */
function firstOfMonthAfterNext(now = new Date()): string {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1));
  return start.toISOString().slice(0, 10);
}

/** The steps a recruiter takes to move one candidate on, each through the API. */
export function pipelineSteps(api: DemoApi) {
  return {
    move: (application: Pick<Application, 'application_id'>, stage: ApplicationStage) =>
      api.patch<Application>(`/v1/applications/${application.application_id}`, { stage }),
    schedule: (application: Pick<Application, 'application_id'>, scheduledAt: string, kindIndex: number) => {
      const kind = INTERVIEW_KINDS[kindIndex % INTERVIEW_KINDS.length]!;
      return api.post<Interview>(`/v1/applications/${application.application_id}/interviews`, {
        scheduled_at: scheduledAt,
        kind,
        duration_minutes: kind === 'onsite' ? 90 : kind === 'phone' ? 30 : 60,
        interviewer_name: INTERVIEWERS[kindIndex % INTERVIEWERS.length],
        ...(kind === 'video' && { meeting_url: `https://meet.example.com/hirelink-demo-${kindIndex + 1}` }),
      });
    },
    /** `heldAt`, when given, is when it took place (an interview cannot be scheduled in the past). */
    complete: (interview: Pick<Interview, 'interview_id'>, outcome: string, heldAt?: string) =>
      api.patch<Interview>(`/v1/interviews/${interview.interview_id}`, {
        status: 'completed',
        outcome,
        ...(heldAt && { scheduled_at: heldAt }),
      }),
    extendOffer: (application: Pick<Application, 'application_id'>, job: Pick<DemoJob, 'salary' | 'currency'>) =>
      api.post<Offer>(`/v1/applications/${application.application_id}/offers`, {
        salary: job.salary,
        currency: job.currency,
        notes: 'Includes a relocation allowance.',
        start_date: firstOfMonthAfterNext(),
      }),
    answerOffer: (offer: Pick<Offer, 'offer_id'>, status: 'accepted' | 'declined') => api.patch<Offer>(`/v1/offers/${offer.offer_id}`, { status }),
  };
}

/**
 * Creates the demo world on an empty database, through the API as its users would (but for
 * confirming their addresses, see below): two clients,
 * three recruiters, a dozen jobs, candidates at every stage, this week's interviews, an extended
 * and an accepted offer. Jobs are posted with each client's connection ID.
 */
export async function seedDemo(app: FastifyInstance, now = Date.now()): Promise<DemoWorld> {
  const anonymous = demoApi(app, null);
  const clients = {} as Record<ClientKey, ClientRegistered>;
  for (const key of Object.keys(CLIENTS) as ClientKey[]) {
    clients[key] = await anonymous.post<ClientRegistered>('/v1/client/register', { ...CLIENTS[key], password: DEMO_PASSWORD });
  }
  const recruiters = {} as Record<RecruiterKey, RecruiterRegistered>;
  for (const key of Object.keys(RECRUITERS) as RecruiterKey[]) {
    recruiters[key] = await anonymous.post<RecruiterRegistered>('/v1/recruiter/register', {
      ...RECRUITERS[key],
      password: DEMO_PASSWORD,
    });
  }
  // Their addresses are made up (hirelink.test), so no link could confirm them; unconfirmed, the
  // demo would show the "confirm your e-mail" banner for good and send its users no notification mail.
  for (const client of Object.values(clients)) await app.demoAccounts.confirmEmailWithoutLink('client', client.user_id);
  for (const recruiter of Object.values(recruiters)) await app.demoAccounts.confirmEmailWithoutLink('recruiter', recruiter.recruiter_id);

  const clock = demoClock(now);
  let interviewsScheduled = 0;
  /** The demo client's candidates, for the feedback it gives once all are in. */
  const forFeedback: { application: Application; outcome: Outcome; recruiterToken: string }[] = [];
  // Posted oldest first, so that the lists (newest first) read as DEMO_JOBS does.
  for (const spec of [...DEMO_JOBS].reverse()) {
    const api = demoApi(app, { token: recruiters[spec.recruiter].token });
    const steps = pipelineSteps(api);
    const job = await api.post<Job>('/v1/jobs', {
      title: spec.title,
      description: spec.description,
      location: spec.location,
      employment_type: spec.employment_type,
      connection_id: clients[spec.client].connection_id,
    });
    for (const [name, outcome] of spec.candidates) {
      const application = await api.post<Application>(`/v1/jobs/${job.job_id}/applications`, {
        candidate_name: name,
        candidate_email: candidateEmail(name),
      });
      if (spec.client === 'brightwater') forFeedback.push({ application, outcome, recruiterToken: recruiters[spec.recruiter].token });
      if (outcome === 'applied') continue;
      await steps.move(application, 'screening');
      if (outcome === 'screening') continue;
      if (outcome === 'rejected after screening') {
        await steps.move(application, 'rejected');
        continue;
      }
      // Scheduling the interview moves the candidate to interview, and the offer to offer.
      if (outcome === 'interview') {
        await steps.schedule(application, clock.nextInterview(), interviewsScheduled++);
        continue;
      }
      // The past cannot be scheduled: it is recorded as the interview is completed.
      const interview = await steps.schedule(application, new Date().toISOString(), interviewsScheduled++);
      const heldAt = clock.pastInterview();
      if (outcome === 'rejected after interview') {
        await steps.complete(interview, 'Strong portfolio, but not the seniority this role needs.', heldAt);
        await steps.move(application, 'rejected');
        continue;
      }
      await steps.complete(interview, 'A clear yes from the whole panel.', heldAt);
      const offer = await steps.extendOffer(application, spec);
      if (outcome === 'offer') continue;
      await steps.answerOffer(offer, 'accepted');
      await steps.move(application, 'hired');
    }
    if (spec.status) await api.patch(`/v1/jobs/${job.job_id}`, { status: spec.status });
  }

  // The client's hiring manager joins its team by invitation, as a member, and gives the feedback.
  const invitation = await demoApi(app, { token: clients.brightwater.token }).post<InvitationCreated>('/v1/client/invitations', {
    email: DEMO_MEMBER_EMAIL,
    role: 'member',
  });
  const member = await anonymous.post<InvitationAccepted>('/v1/client/invitations/accept', {
    token: new URLSearchParams(new URL(invitation.invitation_url).hash.slice(1)).get('token'),
    name: DEMO_MEMBER_NAME,
    password: DEMO_PASSWORD,
  });
  await app.demoAccounts.confirmEmailWithoutLink('client', member.user_id);
  await giveDemoFeedback(app, member.token, forFeedback);

  const sam = recruiters.sam;
  const key = await demoApi(app, { token: sam.token }).post<ApiKeyCreated>('/v1/recruiter/api-keys', {
    label: 'Demo background recruiter',
  });
  const { client_id, company_name, connection_id } = clients.brightwater;
  return {
    client: { client_id, company_name, connection_id },
    member: { user_id: member.user_id, name: DEMO_MEMBER_NAME },
    recruiter: { recruiter_id: recruiters.dana.recruiter_id, name: recruiters.dana.name },
    backgroundRecruiter: { recruiter_id: sam.recruiter_id, name: sam.name, apiKey: key.key },
  };
}
