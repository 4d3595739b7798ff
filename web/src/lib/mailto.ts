/**
 * A `mailto:` link to exactly one address. The address's parts are percent-encoded, so whatever
 * it contains (an address stored before the server refused `?`, `&` and `=`) cannot add headers
 * such as `?bcc=` or `&subject=`: every `mailto:` link in the app is built here.
 */
export function mailtoHref(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0) return `mailto:${encodeURIComponent(address)}`;
  return `mailto:${encodeURIComponent(address.slice(0, at))}@${encodeURIComponent(address.slice(at + 1))}`;
}
