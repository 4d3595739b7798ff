import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../lib/api-client';
import { FormDialog } from './Dialog';

type Mutation = { isPending: boolean; isError: boolean; error: unknown; reset: () => void };

function Harness({ mutation, onSubmit }: { mutation: Mutation; onSubmit: () => void }) {
  const [open, setOpen] = useState(true);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      <FormDialog
        open={open}
        onOpenChange={setOpen}
        title="Edit job"
        mutation={mutation}
        onSubmit={onSubmit}
        submitLabel="Save changes"
        pendingLabel="Saving…"
      >
        <input aria-label="Job title" defaultValue="Welder" />
      </FormDialog>
    </>
  );
}

describe('a dialog with a form', () => {
  it('submits with Enter as with its button, and shows the server’s error above the fields', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    const error = new ApiError(409, 'invalid_transition', 'This job is already filled.');
    render(<Harness mutation={{ isPending: false, isError: true, error, reset: vi.fn() }} onSubmit={onSubmit} />);
    expect(screen.getByRole('alert').textContent).toContain('This job is already filled.');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await user.type(screen.getByRole('textbox', { name: 'Job title' }), '{Enter}');
    expect(onSubmit).toHaveBeenCalledTimes(2);
  });

  it('does not send again while it is sending', async () => {
    const onSubmit = vi.fn();
    render(<Harness mutation={{ isPending: true, isError: false, error: null, reset: vi.fn() }} onSubmit={onSubmit} />);
    // The disabled button already stops a click; a submit event can still come (a second Enter, a script).
    fireEvent.submit(screen.getByRole('textbox', { name: 'Job title' }).closest('form')!);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('clears the last error when it is closed with Cancel', async () => {
    const reset = vi.fn();
    render(<Harness mutation={{ isPending: false, isError: true, error: new Error('x'), reset }} onSubmit={vi.fn()} />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Cancel' }));
    expect(reset).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
