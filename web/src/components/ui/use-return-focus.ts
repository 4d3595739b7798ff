import { useCallback, useRef } from 'react';

/** The app shell's <main>: where focus goes when the control that opened a dialog is gone. */
export const MAIN_CONTENT_ID = 'main';

/**
 * The app opens its dialogs from state, not from a Radix Trigger, so Radix has nothing to give
 * focus back to when one closes and focus falls to the top of the page. These handlers, for a
 * dialog's content, remember what had focus as the dialog opened and return focus there. When
 * that control has gone meanwhile (its row was removed), focus goes to the main content, so the
 * keyboard user carries on from the page rather than from its first link.
 */
export function useReturnFocus() {
  const opener = useRef<HTMLElement | null>(null);

  const onOpenAutoFocus = useCallback(() => {
    const active = document.activeElement;
    opener.current = active instanceof HTMLElement && active !== document.body ? active : null;
  }, []);

  const onCloseAutoFocus = useCallback((event: Event) => {
    const target = opener.current?.isConnected ? opener.current : (sameControl(opener.current) ?? document.getElementById(MAIN_CONTENT_ID));
    opener.current = null;
    if (!target) return;
    event.preventDefault();
    target.focus();
  }, []);

  return { onOpenAutoFocus, onCloseAutoFocus };
}

/**
 * The control drawn again elsewhere with the same name: the row whose button opened the dialog may
 * have moved (extending an offer moves the candidate to the Offer group), and its button with it.
 * Only an unambiguous match counts.
 */
function sameControl(gone: HTMLElement | null): HTMLElement | null {
  const name = gone && (gone.getAttribute('aria-label') ?? gone.textContent)?.trim();
  if (!gone || !name) return null;
  const matches = [...document.querySelectorAll<HTMLElement>(gone.tagName)].filter(
    (element) => (element.getAttribute('aria-label') ?? element.textContent)?.trim() === name,
  );
  return matches.length === 1 ? matches[0]! : null;
}
