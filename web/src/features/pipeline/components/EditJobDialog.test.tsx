import type { RecruiterJobDetail } from '#contract';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Button } from '../../../components/ui/Button';
import { renderPage, signInAs, stubFetch } from '../../../test/render';
import { EditJobDialog } from './EditJobDialog';

const job = {
  job_id: 'job-1',
  client_id: 'c1',
  recruiter_id: 'r1',
  title: 'Welder',
  description: null,
  location: 'Leeds',
  employment_type: 'full_time',
  status: 'open',
} as unknown as RecruiterJobDetail;

/** As on the job page: an "Edit job" button, and the dialog mounted only while open. */
function JobPageHeader() {
  const [editing, setEditing] = useState(false);
  return (
    <>
      <Button onClick={() => setEditing(true)}>Edit job</Button>
      {editing && <EditJobDialog job={job} open={editing} onOpenChange={setEditing} />}
    </>
  );
}

function setup() {
  const user = userEvent.setup();
  renderPage(<JobPageHeader />, '/recruiter/jobs/job-1');
  return { user, opener: screen.getByRole('button', { name: 'Edit job' }) };
}

describe('the Edit job dialog', () => {
  beforeEach(() => signInAs('recruiter'));
  afterEach(() => vi.unstubAllGlobals());

  it('says that changes reach the client’s dashboard at once', async () => {
    stubFetch({});
    const { user, opener } = setup();
    await user.click(opener);
    const dialog = await screen.findByRole('dialog', { name: 'Edit job' });
    expect(dialog.textContent).toContain("Changes show on the client's dashboard at once.");
    expect(dialog.textContent).not.toMatch(/next refresh/);
  });

  it('gives focus back to "Edit job" after Cancel and after saving', async () => {
    const { calls } = stubFetch({ 'PATCH /v1/jobs/job-1': () => ({ status: 200, body: { ...job, title: 'Senior Welder' } }) });
    const { user, opener } = setup();

    await user.click(opener);
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(opener));

    await user.click(opener);
    const title = await screen.findByRole('textbox', { name: /Job title/ });
    await user.clear(title);
    await user.type(title, 'Senior Welder');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls.map((call) => call.method)).toEqual(['PATCH']);
    await waitFor(() => expect(document.activeElement).toBe(opener));
  });
});
