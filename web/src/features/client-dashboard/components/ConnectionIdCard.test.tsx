import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionIdCard } from './ConnectionIdCard';

const ID = '69820a17e7a0f72f1ead7aca';

function setSecureContext(secure: boolean) {
  Object.defineProperty(window, 'isSecureContext', { value: secure, configurable: true });
}

describe('the Connection ID card', () => {
  afterEach(() => vi.restoreAllMocks());

  it('shows the ID in monospace with the sharing hint, and copies it to the clipboard', async () => {
    setSecureContext(true);
    const user = userEvent.setup();
    render(<ConnectionIdCard connectionId={ID} />);
    const id = screen.getByText(ID);
    expect(id.tagName).toBe('CODE');
    expect(screen.getByText('Share this ID with your recruiters so they can post jobs for you.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Copy connection ID' }));
    expect(await screen.findByText('Copied')).toBeTruthy();
    await expect(navigator.clipboard.readText()).resolves.toBe(ID);
  });

  it('still copies over plain http (no Clipboard API), and says so when the browser refuses', async () => {
    setSecureContext(false);
    const user = userEvent.setup();
    const copied: string[] = [];
    let allow = true;
    Object.defineProperty(document, 'execCommand', {
      configurable: true,
      value: (command: string) => {
        if (command === 'copy' && allow) copied.push((document.activeElement as HTMLTextAreaElement).value);
        return allow;
      },
    });
    render(<ConnectionIdCard connectionId={ID} />);
    await user.click(screen.getByRole('button', { name: 'Copy connection ID' }));
    expect(await screen.findByText('Copied')).toBeTruthy();
    expect(copied).toEqual([ID]);

    allow = false;
    await user.click(screen.getByRole('button', { name: /Cop/ }));
    expect(await screen.findByText('Copy failed')).toBeTruthy();
    expect(window.getSelection()?.toString()).toBe(ID);
  });
});
