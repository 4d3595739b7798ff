import type { EmailVerificationSent } from '#contract';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

export const useResendEmailVerification = () =>
  useMutation({ mutationFn: () => api.post<undefined, EmailVerificationSent>('/v1/auth/verify-email/resend', undefined) });
