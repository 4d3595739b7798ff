import type { MfaSignedIn, MfaSignInBody } from '#contract';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { clientSession, sessionStore } from '../../../lib/session';

export const mfaSignIn = (body: MfaSignInBody) => api.post<MfaSignInBody, MfaSignedIn>('/v1/auth/mfa', body, { authenticated: false });

/** The second step of a sign-in: the first step's token and a code from the authenticator app (or a recovery code). */
export function useMfaSignIn() {
  return useMutation({
    mutationFn: mfaSignIn,
    onSuccess: (signedIn) =>
      sessionStore.signIn(
        'client_id' in signedIn
          ? clientSession(signedIn)
          : { role: 'recruiter', token: signedIn.token, expiresAt: signedIn.token_expires_at, accountId: signedIn.recruiter_id },
      ),
  });
}
