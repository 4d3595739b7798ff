/** A mail's two parts, from one description, so the plain text and the HTML always say the same. */
export interface MailContent {
  /** First line of the body: whom it greets (already personal, e.g. "Hello Ada,"). */
  greeting: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Small print after the action: why the mail came, what to do if unwanted. */
  footer: string[];
}

export function renderMail(content: MailContent): { text: string; html: string } {
  const text = [
    content.greeting,
    '',
    ...content.paragraphs.flatMap((paragraph) => [paragraph, '']),
    ...(content.action ? [`${content.action.label}:`, content.action.url, ''] : []),
    ...content.footer.flatMap((line) => [line, '']),
    '— Hirelink',
    '',
  ].join('\n');

  const paragraph = (line: string) => `<p style="margin:0 0 16px">${escapeHtml(line)}</p>`;
  const action = content.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="background:#1d4ed8;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(content.action.label)}</a></p>` +
      `<p style="margin:0 0 16px;font-size:13px;color:#555555">Or paste this address into your browser:<br><span style="word-break:break-all">${escapeHtml(content.action.url)}</span></p>`
    : '';
  const html = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>',
    '<body style="margin:0;padding:24px;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:15px;line-height:1.5;color:#111111;background:#ffffff">',
    '<div style="max-width:560px;margin:0 auto">',
    paragraph(content.greeting),
    ...content.paragraphs.map(paragraph),
    action,
    ...content.footer.map((line) => `<p style="margin:0 0 12px;font-size:13px;color:#555555">${escapeHtml(line)}</p>`),
    '<p style="margin:24px 0 0;color:#555555">— Hirelink</p>',
    '</div></body></html>',
  ].join('\n');
  return { text, html };
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
