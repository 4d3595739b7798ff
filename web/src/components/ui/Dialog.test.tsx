import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../lib/api-client';
import { AlertDialog } from './AlertDialog';
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

/** A page that opens the dialog from state, as the app does (no Radix Trigger), with <main> around it. */
function OpenedFromState({ onSubmitOpener = 'stays' }: { onSubmitOpener?: 'stays' | 'removed' | 'moved' }) {
  const [open, setOpen] = useState(false);
  const [opener, setOpener] = useState<'here' | 'gone' | 'elsewhere'>('here');
  const openerButton = (
    <button type="button" onClick={() => setOpen(true)}>
      Edit job
    </button>
  );
  return (
    <main id="main" tabIndex={-1}>
      <section key="first">{opener === 'here' && openerButton}</section>
      <button type="button">Something else</button>
      <section key="second">{opener === 'elsewhere' && openerButton}</section>
      <FormDialog
        open={open}
        onOpenChange={setOpen}
        title="Edit job"
        mutation={{ isPending: false, isError: false, error: null, reset: () => {} }}
        onSubmit={() => {
          if (onSubmitOpener === 'removed') setOpener('gone');
          if (onSubmitOpener === 'moved') setOpener('elsewhere');
          setOpen(false);
        }}
        submitLabel="Save changes"
        pendingLabel="Saving…"
      >
        <input aria-label="Job title" defaultValue="Welder" />
      </FormDialog>
    </main>
  );
}

describe('focus around a dialog opened from state', () => {
  it.each([
    ['Cancel', (user: ReturnType<typeof userEvent.setup>) => user.click(screen.getByRole('button', { name: 'Cancel' }))],
    ['Escape', (user: ReturnType<typeof userEvent.setup>) => user.keyboard('{Escape}')],
    ['submitting', (user: ReturnType<typeof userEvent.setup>) => user.click(screen.getByRole('button', { name: 'Save changes' }))],
  ])('returns to the control that opened it after %s', async (_how, close) => {
    const user = userEvent.setup();
    render(<OpenedFromState />);
    const opener = screen.getByRole('button', { name: 'Edit job' });
    await user.click(opener);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Job title' })));
    await close(user);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(opener));
  });

  it('goes to the main content when the control that opened it has gone', async () => {
    const user = userEvent.setup();
    render(<OpenedFromState onSubmitOpener="removed" />);
    await user.click(screen.getByRole('button', { name: 'Edit job' }));
    await user.click(await screen.findByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(document.getElementById('main')));
  });
});

describe('focus when the control that opened a dialog is drawn again elsewhere', () => {
  it('goes to the same control in its new place (a candidate moved to another stage)', async () => {
    const user = userEvent.setup();
    render(<OpenedFromState onSubmitOpener="moved" />);
    const first = screen.getByRole('button', { name: 'Edit job' });
    await user.click(first);
    await user.click(await screen.findByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const moved = screen.getByRole('button', { name: 'Edit job' });
    expect(moved).not.toBe(first);
    await waitFor(() => expect(document.activeElement).toBe(moved));
  });
});

describe('focus around a popup opened from state', () => {
  function RevokeButton() {
    const [open, setOpen] = useState(false);
    return (
      <>
        <button type="button" onClick={() => setOpen(true)}>
          Revoke key
        </button>
        <AlertDialog open={open} onOpenChange={setOpen} title="Revoke the key?" description="This cannot be undone." cancelLabel="Keep key" />
      </>
    );
  }

  it('returns to the control that opened it', async () => {
    const user = userEvent.setup();
    render(<RevokeButton />);
    const opener = screen.getByRole('button', { name: 'Revoke key' });
    await user.click(opener);
    await user.click(await screen.findByRole('button', { name: 'Keep key' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(opener));
  });
});
