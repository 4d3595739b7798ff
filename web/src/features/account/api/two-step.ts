import type { MfaStatus, TotpConfirmBody, TotpDisableBody, TotpEnabled, TotpEnrolment } from '#contract';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { sessionStore } from '../../../lib/session';

export const fetchMfaStatus = (signal?: AbortSignal) => api.get<MfaStatus>('/v1/auth/mfa', signal);

export const mfaStatusQuery = () => queryOptions({ queryKey: queryKeys.account.mfa(), queryFn: ({ signal }) => fetchMfaStatus(signal) });

/** `enabled: false` while the session may only set two-step sign-in up (the server would refuse; it is off). */
export const useMfaStatus = (enabled = true) => useQuery({ ...mfaStatusQuery(), enabled });

export const useStartTotp = () => useMutation({ mutationFn: () => api.post<undefined, TotpEnrolment>('/v1/auth/mfa/totp', undefined) });

export function useConfirmTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TotpConfirmBody) => api.post<TotpConfirmBody, TotpEnabled>('/v1/auth/mfa/totp/confirm', body),
    onSuccess: (enabled) => {
      queryClient.setQueryData(queryKeys.account.mfa(), { totp_enabled: true });
      // A session that was good only for this set-up is now a full one: the answer's token replaces it.
      const session = sessionStore.getState().session;
      if (session && (enabled.token || session.twoFactorSetupRequired)) {
        const { twoFactorSetupRequired: _setUpNow, ...rest } = session;
        sessionStore.signIn(
          enabled.token && enabled.token_expires_at ? { ...rest, token: enabled.token, expiresAt: enabled.token_expires_at } : rest,
        );
      }
    },
  });
}

export function useDisableTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TotpDisableBody) => apiRequest<void>('DELETE', '/v1/auth/mfa/totp', { body }),
    onSuccess: () => queryClient.setQueryData(queryKeys.account.mfa(), { totp_enabled: false }),
  });
}
