import type { ApplicationStage, CompanyRole, EmploymentType, FunnelStage, InterviewKind, InterviewStatus, JobStatus, OfferStatus } from '#contract';

// Records keyed by the contract's unions: a value added on the server fails the typecheck
// here until it has a label. Key order is display order.
export const JOB_STATUS_LABELS: Record<JobStatus, string> = {
  open: 'Open',
  paused: 'Paused',
  closed: 'Closed',
  filled: 'Filled',
};

export const EMPLOYMENT_TYPE_LABELS: Record<EmploymentType, string> = {
  full_time: 'Full-time',
  part_time: 'Part-time',
  contract: 'Contract',
  temporary: 'Temporary',
  internship: 'Internship',
};

export const FUNNEL_STAGE_LABELS: Record<FunnelStage, string> = {
  applied: 'Applied',
  screening: 'Screening',
  interview: 'Interview',
  offer: 'Offer',
  hired: 'Hired',
};

export const APPLICATION_STAGE_LABELS: Record<ApplicationStage, string> = {
  ...FUNNEL_STAGE_LABELS,
  rejected: 'Rejected',
};

export const INTERVIEW_KIND_LABELS: Record<InterviewKind, string> = {
  video: 'Video call',
  phone: 'Phone',
  onsite: 'On-site',
  technical: 'Technical',
  other: 'Other',
};

export const INTERVIEW_STATUS_LABELS: Record<InterviewStatus, string> = {
  scheduled: 'Scheduled',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export const OFFER_STATUS_LABELS: Record<OfferStatus, string> = {
  extended: 'Extended',
  accepted: 'Accepted',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
};

export const COMPANY_ROLE_LABELS: Record<CompanyRole, string> = {
  member: 'Member',
  admin: 'Admin',
};

export const keysOf = <K extends string>(record: Record<K, string>) => Object.keys(record) as K[];

export const FUNNEL_STAGES = keysOf(FUNNEL_STAGE_LABELS);
export const APPLICATION_STAGES = keysOf(APPLICATION_STAGE_LABELS);
export const JOB_STATUSES = keysOf(JOB_STATUS_LABELS);
export const EMPLOYMENT_TYPES = keysOf(EMPLOYMENT_TYPE_LABELS);
export const INTERVIEW_KINDS = keysOf(INTERVIEW_KIND_LABELS);

const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const dateTimeParts = { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' } as const;
const dateTimeFormat = new Intl.DateTimeFormat(undefined, dateTimeParts);
const dateTimeWithYearFormat = new Intl.DateTimeFormat(undefined, { ...dateTimeParts, year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const numberFormat = new Intl.NumberFormat();

export const formatDate = (iso: string) => dateFormat.format(new Date(iso));
/** Weekday, day, month and time, with the year whenever it is not the current one. */
export function formatDateTime(iso: string, now: number = Date.now()): string {
  const date = new Date(iso);
  return (date.getFullYear() === new Date(now).getFullYear() ? dateTimeFormat : dateTimeWithYearFormat).format(date);
}
export const formatTime = (time: number | Date) => timeFormat.format(time);

/** A calendar date stored as 'YYYY-MM-DD' (an offer's start date), read as that day wherever the reader is. */
export function formatCalendarDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return dateFormat.format(new Date(year, month - 1, day));
}

/** "45 min", "1 h", "1 h 30 min". */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
export const formatNumber = (value: number) => numberFormat.format(value);

export function formatMoney(amount: number | null, currency: string | null): string {
  if (amount === null) return 'Salary not set';
  if (!currency) return numberFormat.format(amount);
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount);
  } catch {
    return `${numberFormat.format(amount)} ${currency}`;
  }
}

/** "just now", "45 s ago", "3 min ago", then the clock time. */
export function formatAgo(time: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - time) / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  return `at ${formatTime(time)}`;
}

export function pluralise(count: number, one: string, many = `${one}s`): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}

/** The value for <input type="datetime-local"> in the user's time zone. */
export function toLocalDateTimeInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
