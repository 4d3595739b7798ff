import { screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderPage, signInAs, stubFetch } from '../../../test/render';
import ApiKeysPage from './ApiKeysPage';

describe('the API keys page', () => {
  beforeEach(() => signInAs('recruiter'));
  afterEach(() => vi.unstubAllGlobals());

  it('links to the API reference, in a new tab so that a key shown once stays on screen', async () => {
    stubFetch({ 'GET /v1/recruiter/api-keys': () => ({ status: 200, body: { api_keys: [] } }) });
    renderPage(<ApiKeysPage />, '/recruiter/api-keys');
    const link = screen.getByRole('link', { name: /API reference/ });
    expect(link.getAttribute('href')).toBe('/docs');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(link.textContent).toContain('opens in a new tab');
    await screen.findByText('No keys yet');
  });
});
