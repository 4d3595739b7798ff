import type { Application, Offer, OfferStatus } from '#contract';
import { Button } from '../../../components/ui/Button';
import { errorMessage } from '../../../lib/api-client';
import { useUpdateApplication } from '../api/update-application';
import { useUpdateOffer } from '../api/update-offer';

const ANSWERS: { status: Exclude<OfferStatus, 'extended'>; label: string }[] = [
  { status: 'accepted', label: 'Accepted' },
  { status: 'declined', label: 'Declined' },
  { status: 'withdrawn', label: 'Withdrawn' },
];

/** Record the candidate's answer to an extended offer; after a yes, offer to mark them hired. */
export function OfferActions({ offer, application, candidateName }: { offer: Offer; application: Application | undefined; candidateName: string }) {
  const updateOffer = useUpdateOffer();
  const hire = useUpdateApplication();
  const pendingStatus = updateOffer.isPending ? updateOffer.variables?.body.status : undefined;

  if (offer.status === 'extended') {
    return (
      <div>
        <div className="button-row" role="group" aria-label={`Record ${candidateName}'s answer`}>
          {ANSWERS.map((answer) => (
            <Button
              key={answer.status}
              size="sm"
              variant={answer.status === 'accepted' ? 'primary' : 'secondary'}
              pending={pendingStatus === answer.status}
              pendingLabel="Saving…"
              disabled={updateOffer.isPending && pendingStatus !== answer.status}
              onClick={() => !updateOffer.isPending && updateOffer.mutate({ offerId: offer.offer_id, body: { status: answer.status } })}
            >
              {answer.label}
            </Button>
          ))}
        </div>
        {updateOffer.isError && (
          <p className="inline-error" role="alert">
            Could not record the answer: {errorMessage(updateOffer.error)}
          </p>
        )}
      </div>
    );
  }
  if (offer.status === 'accepted' && application && application.stage !== 'hired') {
    return (
      <div>
        <Button
          size="sm"
          variant="primary"
          pending={hire.isPending}
          pendingLabel="Saving…"
          onClick={() => !hire.isPending && hire.mutate({ applicationId: application.application_id, body: { stage: 'hired' } })}
        >
          Mark {candidateName} hired
        </Button>
        {hire.isError && (
          <p className="inline-error" role="alert">
            {errorMessage(hire.error)}
          </p>
        )}
      </div>
    );
  }
  return null;
}
