import type { PasswordResetAccepted, PasswordResetConfirmBody, PasswordResetRequestBody } from '#contract';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { sessionStore } from '../../../lib/session';

export const PASSWORD_CHANGED_MESSAGE = 'Your password has been changed, and every session signed out. Sign in with the new one.';

export const requestPasswordReset = (body: PasswordResetRequestBody) =>
  api.post<PasswordResetRequestBody, PasswordResetAccepted>('/v1/auth/password-reset', body, { authenticated: false });

export const useRequestPasswordReset = () => useMutation({ mutationFn: requestPasswordReset });

export const confirmPasswordReset = (body: PasswordResetConfirmBody) =>
  api.post<PasswordResetConfirmBody, void>('/v1/auth/password-reset/confirm', body, { authenticated: false });

/** Every session of the account ends with the reset, this tab's included: it goes to sign-in, saying so. */
export function useConfirmPasswordReset() {
  return useMutation({
    mutationFn: confirmPasswordReset,
    onSuccess: () => sessionStore.signOut(PASSWORD_CHANGED_MESSAGE),
  });
}
