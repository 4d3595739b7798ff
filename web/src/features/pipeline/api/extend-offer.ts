import type { OfferCreateBody, Offer } from '#contract';
import { useMutation } from '@tanstack/react-query';
import { api, segment } from '../../../lib/api-client';
import { useInvalidateRecruiterJobs } from './invalidate-recruiter-jobs';

export const extendOffer = (applicationId: string, body: OfferCreateBody) =>
  api.post<OfferCreateBody, Offer>(`/v1/applications/${segment(applicationId)}/offers`, body);

export function useExtendOffer() {
  const invalidate = useInvalidateRecruiterJobs();
  return useMutation({
    mutationFn: ({ applicationId, body }: { applicationId: string; body: OfferCreateBody }) => extendOffer(applicationId, body),
    onSuccess: () => invalidate(),
  });
}
