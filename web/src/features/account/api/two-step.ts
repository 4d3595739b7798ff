import type { MfaStatus, TotpConfirmBody, TotpDisableBody, TotpEnabled, TotpEnrolment } from '#contract';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export const fetchMfaStatus = (signal?: AbortSignal) => api.get<MfaStatus>('/v1/auth/mfa', signal);

export const mfaStatusQuery = () => queryOptions({ queryKey: queryKeys.account.mfa(), queryFn: ({ signal }) => fetchMfaStatus(signal) });

export const useMfaStatus = () => useQuery(mfaStatusQuery());

export const useStartTotp = () => useMutation({ mutationFn: () => api.post<undefined, TotpEnrolment>('/v1/auth/mfa/totp', undefined) });

export function useConfirmTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TotpConfirmBody) => api.post<TotpConfirmBody, TotpEnabled>('/v1/auth/mfa/totp/confirm', body),
    onSuccess: () => queryClient.setQueryData(queryKeys.account.mfa(), { totp_enabled: true }),
  });
}

export function useDisableTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TotpDisableBody) => apiRequest<void>('DELETE', '/v1/auth/mfa/totp', { body }),
    onSuccess: () => queryClient.setQueryData(queryKeys.account.mfa(), { totp_enabled: false }),
  });
}
