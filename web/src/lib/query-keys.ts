/**
 * Every cache key in one place, so that whatever changes server data (a mutation here, or
 * server-sent events later) can find the queries it makes stale.
 */
export const queryKeys = {
  /** What an invitation link is for (public: asked before anyone is signed in). */
  invitationPreview: (token: string | null) => ['invitation-preview', token] as const,
  account: {
    sessions: () => ['account', 'sessions'] as const,
    mfa: () => ['account', 'mfa'] as const,
  },
  client: {
    all: ['client'] as const,
    profile: () => ['client', 'profile'] as const,
    stats: () => ['client', 'stats'] as const,
    jobs: () => ['client', 'jobs'] as const,
    job: (jobId: string) => ['client', 'jobs', jobId] as const,
    /** Under its job's key, so that whatever refreshes the job's page refreshes its threads. */
    thread: (jobId: string, applicationId: string) => ['client', 'jobs', jobId, 'feedback', applicationId] as const,
    awaitingFeedback: () => ['client', 'awaiting-feedback'] as const,
    funnelReport: () => ['client', 'reports', 'funnel'] as const,
    interviewsAhead: () => ['client', 'interviews-ahead'] as const,
    recruiters: () => ['client', 'recruiters'] as const,
    settings: () => ['client', 'settings'] as const,
    users: () => ['client', 'users'] as const,
    invitations: () => ['client', 'invitations'] as const,
    notifications: () => ['client', 'notifications'] as const,
    notificationPreferences: () => ['client', 'notification-preferences'] as const,
    /** Everything of the Activity page, refreshed by prefix on any live event. */
    activity: () => ['client', 'activity'] as const,
    activityList: (filters: Record<string, string>) => ['client', 'activity', 'list', filters] as const,
    activityJobs: () => ['client', 'activity', 'jobs'] as const,
  },
  recruiter: {
    all: ['recruiter'] as const,
    profile: () => ['recruiter', 'profile'] as const,
    jobs: () => ['recruiter', 'jobs'] as const,
    jobList: () => ['recruiter', 'jobs', 'list'] as const,
    job: (jobId: string) => ['recruiter', 'jobs', 'detail', jobId] as const,
    thread: (jobId: string, applicationId: string) => ['recruiter', 'jobs', 'detail', jobId, 'feedback', applicationId] as const,
    apiKeys: () => ['recruiter', 'api-keys'] as const,
    connection: (connectionId: string) => ['recruiter', 'connection', connectionId] as const,
    notifications: () => ['recruiter', 'notifications'] as const,
    notificationPreferences: () => ['recruiter', 'notification-preferences'] as const,
  },
};

/** Mutations that other parts of the app must know are under way. */
export const mutationKeys = {
  /** This tab is signing out: the stream's `end` event that follows is expected, not news. */
  logout: ['auth', 'logout'] as const,
};

/**
 * Dashboards refetch this often while the live-updates stream is down (see lib/live-status.ts);
 * while it is live, events update the cache and polling slows to a safety net.
 */
export const REFRESH_INTERVAL_MS = 30_000;
