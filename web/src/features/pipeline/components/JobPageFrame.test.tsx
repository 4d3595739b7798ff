import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../lib/api-client';
import { renderPage } from '../../../test/render';
import { JobPageFallback } from './JobPageFrame';

const back = { to: '/client', label: 'Dashboard' };
const notFound = 'This job does not exist or is not one of yours.';

describe('a job page without its job', () => {
  it('shows a spinner while the job loads', () => {
    renderPage(<JobPageFallback query={{ isPending: true, error: null, refetch: vi.fn() }} back={back} notFound={notFound} />, '/x');
    expect(screen.getByText('Loading the job…')).toBeTruthy();
  });

  it('says the job was not found, and leads back, when the server answers 404', () => {
    const error = new ApiError(404, 'not_found', 'Job not found.');
    renderPage(<JobPageFallback query={{ isPending: false, error, refetch: vi.fn() }} back={back} notFound={notFound} />, '/x');
    expect(screen.getByRole('heading', { level: 1, name: 'Job not found' })).toBeTruthy();
    expect(screen.getByText(notFound)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Dashboard' }).getAttribute('href')).toBe('/client');
  });

  it('shows any other failure with a way to try again', async () => {
    const refetch = vi.fn();
    const error = new ApiError(0, 'network_error', 'The server could not be reached.');
    renderPage(<JobPageFallback query={{ isPending: false, error, refetch }} back={back} notFound={notFound} />, '/x');
    expect(screen.queryByText('Job not found')).toBeNull();
    await userEvent.setup().click(screen.getByRole('button', { name: /try again/i }));
    expect(refetch).toHaveBeenCalledTimes(1);
  });
});
