import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../lib/query-keys';

/** A pipeline change moves the job's counts too: refresh the job and the monitor list. */
export const invalidateRecruiterJobs = (queryClient: QueryClient) => queryClient.invalidateQueries({ queryKey: queryKeys.recruiter.jobs() });

export function useInvalidateRecruiterJobs() {
  const queryClient = useQueryClient();
  return () => invalidateRecruiterJobs(queryClient);
}
