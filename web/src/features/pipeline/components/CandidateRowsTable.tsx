import type { Application } from '#contract';
import type { ReactNode } from 'react';

export interface CandidateColumn<Row> {
  label: string;
  className?: string;
  cell: (row: Row) => ReactNode;
}

/**
 * A table of a job's interviews or offers: one row each, headed by the candidate's name, with the
 * given columns and, when `renderActions` is given, a last column of actions. On narrow screens the
 * rows stack, each cell labelled by its column.
 */
export function CandidateRowsTable<Row extends { application_id: string }>({
  caption,
  rows,
  applications,
  columns,
  rowKey,
  rowAttributes,
  renderActions,
}: {
  caption: string;
  rows: Row[];
  applications: Pick<Application, 'application_id' | 'candidate_name' | 'stage'>[];
  columns: CandidateColumn<Row>[];
  rowKey: (row: Row) => string;
  /** `data-*` attributes that identify the row (for tests and scripts). */
  rowAttributes: (row: Row) => Record<`data-${string}`, string>;
  renderActions?: (row: Row, candidateName: string) => ReactNode;
}) {
  const names = new Map(applications.map((application) => [application.application_id, application.candidate_name]));
  return (
    <div className="table-wrap">
      <table className="table table-stack">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Candidate</th>
            {columns.map((column) => (
              <th key={column.label} scope="col">
                {column.label}
              </th>
            ))}
            {renderActions && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const name = names.get(row.application_id) ?? 'Unknown candidate';
            return (
              <tr key={rowKey(row)} {...rowAttributes(row)}>
                <th scope="row">{name}</th>
                {columns.map((column) => (
                  <td key={column.label} data-label={column.label} className={column.className}>
                    {column.cell(row)}
                  </td>
                ))}
                {renderActions && <td className="cell-actions">{renderActions(row, name)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
