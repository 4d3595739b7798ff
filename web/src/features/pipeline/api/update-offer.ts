import type { OfferUpdateBody, Offer } from '#contract';
import { useMutation } from '@tanstack/react-query';
import { api, segment } from '../../../lib/api-client';
import { useInvalidateRecruiterJobs } from './invalidate-recruiter-jobs';

export const updateOffer = (offerId: string, body: OfferUpdateBody) => api.patch<OfferUpdateBody, Offer>(`/v1/offers/${segment(offerId)}`, body);

export function useUpdateOffer() {
  const invalidate = useInvalidateRecruiterJobs();
  return useMutation({
    mutationFn: ({ offerId, body }: { offerId: string; body: OfferUpdateBody }) => updateOffer(offerId, body),
    onSuccess: () => invalidate(),
  });
}
