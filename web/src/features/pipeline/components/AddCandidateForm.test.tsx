import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderPage, signInAs } from '../../../test/render';
import { AddCandidateForm } from './AddCandidateForm';

describe('adding a candidate', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('refuses an e-mail address that smuggles in a mailto: header, next to the field and without asking the server', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    signInAs('recruiter');
    renderPage(<AddCandidateForm jobId="job-1" jobStatus="open" />, '/x');
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Candidate name'), 'Jane Candidate');
    await user.type(screen.getByLabelText('Candidate e-mail'), 'jane@cand.io?bcc=attacker%40evil.io');
    await user.click(screen.getByRole('button', { name: /add candidate/i }));

    const field = screen.getByLabelText('Candidate e-mail');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(field.getAttribute('aria-describedby')!)?.textContent).toMatch(/without spaces or any of \? & =/);
    expect(document.activeElement).toBe(field);
    expect(fetch).not.toHaveBeenCalled();
  });
});
