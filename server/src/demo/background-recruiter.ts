import type { Application, ApplicationStage, RecruiterJobDetail, RecruiterJobList } from '#contract';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { demoApi } from './demo-api';
import { DEMO_JOBS, type DemoWorld, candidateEmail, pipelineSteps, upcomingInterview } from './demo-world';

/** What one step did, in words a person watching the demo would use. */
export interface DemoStep {
  action: 'added' | 'moved';
  candidate: string;
  job: string;
  stage: ApplicationStage;
}

/** Below this many candidates in progress, a step brings in a new one, so the demo never runs dry. */
const KEEP_IN_PROGRESS = 3;
const IN_PROGRESS: readonly ApplicationStage[] = ['applied', 'screening', 'interview', 'offer'];
/** One candidate in this many leaves at screening: real pipelines are not all hires. */
const REJECT_EVERY = 4;

const NEWCOMERS = [
  'Isabel Moreno',
  'Kwame Mensah',
  'Lena Vogel',
  'Arjun Mehta',
  'Sara Lindqvist',
  'Tariq Hassan',
  'Julia Nowak',
  'Mateo García',
  'Freya Hughes',
  'Kenji Watanabe',
  'Adaeze Eze',
  'Henrik Berg',
  'Lucía Romero',
  'Omar Farouk',
  'Anna Kowalski',
  'Diego Herrera',
  'Maya Goldberg',
  'Ibrahim Diallo',
];

export interface BackgroundRecruiter {
  /** Moves one of the demo client's candidates one step on, or adds a candidate if too few are in progress. */
  step(): Promise<DemoStep | null>;
  /** Steps every `everyMs` until stopped; a failed step is logged and the next one tried. */
  start(everyMs: number, log: FastifyBaseLogger): void;
  /** Stops stepping, after the step in progress (if any) has finished. */
  stop(): Promise<void>;
}

/**
 * A colleague of the demo recruiter, working the demo client's jobs while the demo runs, so that
 * whoever signs in sees live updates arrive. It acts through the API with its own API key, on its
 * own jobs only, as any recruiter's system would.
 */
export function createBackgroundRecruiter(app: FastifyInstance, world: DemoWorld): BackgroundRecruiter {
  const api = demoApi(app, { apiKey: world.backgroundRecruiter.apiKey });
  const steps = pipelineSteps(api);
  let screened = 0;
  let added = 0;

  async function step(): Promise<DemoStep | null> {
    const { jobs } = await api.get<RecruiterJobList>('/v1/jobs?limit=500');
    const open = jobs.filter((job) => job.client?.client_id === world.client.client_id && job.status === 'open');
    if (open.length === 0) return null;
    const details = await Promise.all(open.map((job) => api.get<RecruiterJobDetail>(`/v1/jobs/${job.job_id}`)));
    const inProgress = details.flatMap((job) =>
      job.applications.filter((application) => IN_PROGRESS.includes(application.stage)).map((application) => ({ job, application })),
    );

    if (inProgress.length < KEEP_IN_PROGRESS) {
      const job = details.reduce((fewest, candidate) =>
        inProgress.filter((entry) => entry.job === candidate).length < inProgress.filter((entry) => entry.job === fewest).length ? candidate : fewest,
      );
      const name = NEWCOMERS[added % NEWCOMERS.length]!;
      const round = Math.floor(added / NEWCOMERS.length);
      added += 1;
      await api.post<Application>(`/v1/jobs/${job.job_id}/applications`, {
        candidate_name: name,
        candidate_email: candidateEmail(name, round === 0 ? '' : String(round + 1)),
      });
      return { action: 'added', candidate: name, job: job.title, stage: 'applied' };
    }

    // The candidate who has waited longest moves next.
    const { job, application } = inProgress.reduce((oldest, entry) =>
      entry.application.updated_at < oldest.application.updated_at ? entry : oldest,
    );
    const stage = await advance(job, application);
    return { action: 'moved', candidate: application.candidate_name, job: job.title, stage };
  }

  async function advance(job: RecruiterJobDetail, application: Application): Promise<ApplicationStage> {
    const spec = DEMO_JOBS.find((demoJob) => demoJob.title === job.title) ?? { salary: 60_000, currency: 'EUR' as const };
    switch (application.stage) {
      case 'applied':
        await steps.move(application, 'screening');
        return 'screening';
      case 'screening':
        screened += 1;
        if (screened % REJECT_EVERY === 0) {
          await steps.move(application, 'rejected');
          return 'rejected';
        }
        // Scheduling the interview moves the candidate to interview (and the offer, below, to offer).
        await steps.schedule(application, upcomingInterview(screened), screened);
        return 'interview';
      case 'interview':
        for (const interview of job.interviews) {
          if (interview.application_id === application.application_id && interview.status === 'scheduled') {
            // Demo time runs fast: an interview still to come took place just now.
            const heldAt = Date.parse(interview.scheduled_at) > Date.now() ? new Date().toISOString() : undefined;
            await steps.complete(interview, 'A clear yes from the whole panel.', heldAt);
          }
        }
        await steps.extendOffer(application, spec);
        return 'offer';
      default:
        for (const offer of job.offers) {
          if (offer.application_id === application.application_id && offer.status === 'extended') {
            await steps.answerOffer(offer, 'accepted');
          }
        }
        await steps.move(application, 'hired');
        return 'hired';
    }
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | null = null;
  let stopped = false;
  return {
    step,
    start(everyMs, log) {
      // A step's failure is logged, so a tick's promise never rejects: the timers may drop it.
      const tick = async () => {
        running = step().then(
          (done) => log.info({ demo: done }, 'demo: background recruiter step'),
          (error) => log.warn({ err: error }, 'demo: the background recruiter’s step failed; trying again'),
        );
        await running;
        running = null;
        if (!stopped) timer = setTimeout(() => void tick(), everyMs);
      };
      timer = setTimeout(() => void tick(), everyMs);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
