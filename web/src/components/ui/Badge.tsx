import type { ApplicationStage, InterviewStatus, JobStatus, OfferStatus } from '#contract';
import { APPLICATION_STAGE_LABELS, INTERVIEW_STATUS_LABELS, JOB_STATUS_LABELS, OFFER_STATUS_LABELS } from '../../lib/format';

type Tone = 'neutral' | 'accent' | 'success' | 'warning' | 'danger' | 'muted';

export function Badge({ tone = 'neutral', children }: { tone?: Tone; children: React.ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

const JOB_STATUS_TONES: Record<JobStatus, Tone> = { open: 'success', paused: 'warning', closed: 'muted', filled: 'accent' };
const STAGE_TONES: Record<ApplicationStage, Tone> = {
  applied: 'neutral',
  screening: 'neutral',
  interview: 'accent',
  offer: 'warning',
  hired: 'success',
  rejected: 'danger',
};
const INTERVIEW_TONES: Record<InterviewStatus, Tone> = { scheduled: 'accent', completed: 'success', cancelled: 'muted' };
const OFFER_TONES: Record<OfferStatus, Tone> = { extended: 'warning', accepted: 'success', declined: 'danger', withdrawn: 'muted' };

export const JobStatusBadge = ({ status }: { status: JobStatus }) => <Badge tone={JOB_STATUS_TONES[status]}>{JOB_STATUS_LABELS[status]}</Badge>;
export const StageBadge = ({ stage }: { stage: ApplicationStage }) => <Badge tone={STAGE_TONES[stage]}>{APPLICATION_STAGE_LABELS[stage]}</Badge>;
/** `overdue`: scheduled, but its time has passed; said in words, not by colour alone. */
export const InterviewStatusBadge = ({ status, overdue = false }: { status: InterviewStatus; overdue?: boolean }) =>
  overdue ? <Badge tone="danger">Overdue</Badge> : <Badge tone={INTERVIEW_TONES[status]}>{INTERVIEW_STATUS_LABELS[status]}</Badge>;
export const OfferStatusBadge = ({ status }: { status: OfferStatus }) => <Badge tone={OFFER_TONES[status]}>{OFFER_STATUS_LABELS[status]}</Badge>;
