/**
 * Copies text, falling back to a hidden textarea where the async Clipboard API is missing:
 * it only exists on https:// and localhost, and people do open the app by IP address.
 */
export async function copyText(text: string): Promise<void> {
  if (window.isSecureContext && navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const textarea = document.createElement('textarea');
  textarea.value = text;
  textarea.setAttribute('readonly', '');
  textarea.style.position = 'fixed';
  textarea.style.opacity = '0';
  document.body.append(textarea);
  const focused = document.activeElement as HTMLElement | null;
  textarea.focus();
  textarea.select();
  try {
    if (!document.execCommand('copy')) throw new Error('The browser refused to copy.');
  } finally {
    textarea.remove();
    focused?.focus();
  }
}
