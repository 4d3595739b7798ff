import type { LinkedRecruiter } from '#contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, segment } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export type LinkAction = 'approve' | 'block' | 'unblock';

export const changeLink = ({ recruiterId, action }: { recruiterId: string; action: LinkAction }) =>
  api.post<undefined, LinkedRecruiter>(`/v1/client/recruiters/${segment(recruiterId)}/${action}`, undefined);

export function useChangeLink() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changeLink,
    // Approval brings jobs (and their counts) onto the dashboard: everything of the client may change.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.client.all }),
  });
}
