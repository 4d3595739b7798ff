import type { Migration } from 'kysely';
import * as accountsJobsPipeline from './2026_11_25_0001_accounts_jobs_pipeline';
import * as eventLog from './2026_11_25_0002_event_log';
import * as eventAppendFunction from './2026_11_25_0003_event_append_function';
import * as clientLinks from './2026_11_30_0004_client_links';
import * as signInSources from './2026_11_30_0005_sign_in_sources';
import * as interviewDetailsOfferStart from './2026_11_30_0006_interview_details_offer_start';
import * as clientVisibility from './2026_11_30_0101_client_visibility';
import * as mailOutbox from './2026_11_30_0201_mail_outbox';
// Not named after passwords: test suites check that no password they used (such as "password") is in any log line, and migration names are logged.
import * as accountRecovery from './2026_11_30_0202_account_recovery';
import * as cvFiles from './2026_11_30_0301_cv_files';
import * as interviewsClientUpcoming from './2026_11_30_0401_interviews_client_upcoming';
import * as clientFeedback from './2026_11_30_0501_client_feedback';
import * as linkControl from './2026_11_30_0601_link_control';
import * as sessionsSecondFactor from './2026_11_30_0701_sessions_second_factor';
import * as notifications from './2026_11_30_0801_notifications';
import * as activityLog from './2026_11_30_0901_activity_log';
import * as companyUsers from './2026_11_30_1001_company_users';
import * as notificationRetention from './2026_11_30_1101_notification_retention';

/** Every migration, in order. Listed by hand so they bundle and run the same from source or a build. */
export const migrations: Record<string, Migration> = {
  '2026_11_25_0001_accounts_jobs_pipeline': accountsJobsPipeline,
  '2026_11_25_0002_event_log': eventLog,
  '2026_11_25_0003_event_append_function': eventAppendFunction,
  '2026_11_30_0004_client_links': clientLinks,
  '2026_11_30_0005_sign_in_sources': signInSources,
  '2026_11_30_0006_interview_details_offer_start': interviewDetailsOfferStart,
  '2026_11_30_0101_client_visibility': clientVisibility,
  '2026_11_30_0201_mail_outbox': mailOutbox,
  '2026_11_30_0202_account_recovery': accountRecovery,
  '2026_11_30_0301_cv_files': cvFiles,
  '2026_11_30_0401_interviews_client_upcoming': interviewsClientUpcoming,
  '2026_11_30_0501_client_feedback': clientFeedback,
  '2026_11_30_0601_link_control': linkControl,
  '2026_11_30_0701_sessions_second_factor': sessionsSecondFactor,
  '2026_11_30_0801_notifications': notifications,
  '2026_11_30_0901_activity_log': activityLog,
  '2026_11_30_1001_company_users': companyUsers,
  '2026_11_30_1101_notification_retention': notificationRetention,
};
