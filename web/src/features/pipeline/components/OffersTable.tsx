import type { Application, Offer } from '#contract';
import type { ReactNode } from 'react';
import { OfferStatusBadge } from '../../../components/ui/Badge';
import { EmptyState } from '../../../components/ui/QueryState';
import { formatCalendarDate, formatDate, formatMoney } from '../../../lib/format';
import { type CandidateColumn, CandidateRowsTable } from './CandidateRowsTable';

const COLUMNS: CandidateColumn<Offer>[] = [
  { label: 'Salary', className: 'nowrap', cell: (offer) => formatMoney(offer.salary, offer.currency) },
  { label: 'Status', cell: (offer) => <OfferStatusBadge status={offer.status} /> },
  {
    label: 'Start date',
    className: 'nowrap',
    cell: (offer) => (offer.start_date ? <time dateTime={offer.start_date}>{formatCalendarDate(offer.start_date)}</time> : '—'),
  },
  { label: 'Notes', className: 'cell-text', cell: (offer) => offer.notes ?? '—' },
  {
    label: 'Extended',
    className: 'nowrap',
    cell: (offer) => <time dateTime={offer.created_at}>{formatDate(offer.created_at)}</time>,
  },
];

export function OffersTable({
  offers,
  applications,
  renderActions,
}: {
  offers: Offer[];
  applications: Pick<Application, 'application_id' | 'candidate_name' | 'stage'>[];
  renderActions?: (offer: Offer, candidateName: string) => ReactNode;
}) {
  if (offers.length === 0) return <EmptyState title="No offers yet" />;
  return (
    <CandidateRowsTable
      caption="Offers"
      rows={offers}
      applications={applications}
      columns={COLUMNS}
      rowKey={(offer) => offer.offer_id}
      rowAttributes={(offer) => ({ 'data-offer-id': offer.offer_id })}
      renderActions={renderActions}
    />
  );
}
