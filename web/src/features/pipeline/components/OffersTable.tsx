import type { Application, Offer } from '#contract';
import type { ReactNode } from 'react';
import { OfferStatusBadge } from '../../../components/ui/Badge';
import { EmptyState } from '../../../components/ui/QueryState';
import { formatDate, formatMoney } from '../../../lib/format';
import { candidateNames } from './InterviewsTable';

export function OffersTable({
  offers,
  applications,
  renderActions,
}: {
  offers: Offer[];
  applications: Application[];
  renderActions?: (offer: Offer, candidateName: string) => ReactNode;
}) {
  if (offers.length === 0) return <EmptyState title="No offers yet" />;
  const names = candidateNames(applications);
  return (
    <div className="table-wrap">
      <table className="table table-stack">
        <caption className="visually-hidden">Offers</caption>
        <thead>
          <tr>
            <th scope="col">Candidate</th>
            <th scope="col">Salary</th>
            <th scope="col">Status</th>
            <th scope="col">Notes</th>
            <th scope="col">Extended</th>
            {renderActions && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {offers.map((offer) => {
            const name = names.get(offer.application_id) ?? 'Unknown candidate';
            return (
              <tr key={offer.offer_id} data-offer-id={offer.offer_id}>
                <th scope="row">{name}</th>
                <td data-label="Salary" className="nowrap">
                  {formatMoney(offer.salary, offer.currency)}
                </td>
                <td data-label="Status">
                  <OfferStatusBadge status={offer.status} />
                </td>
                <td data-label="Notes" className="cell-text">
                  {offer.notes ?? '—'}
                </td>
                <td data-label="Extended" className="nowrap">
                  <time dateTime={offer.created_at}>{formatDate(offer.created_at)}</time>
                </td>
                {renderActions && <td className="cell-actions">{renderActions(offer, name)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
