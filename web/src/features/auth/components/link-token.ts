import { PASSWORD_RESET_TOKEN_PATTERN } from '#contract';
import { useEffect, useState } from 'react';

const TOKEN = new RegExp(PASSWORD_RESET_TOKEN_PATTERN);

/** The token from a mailed link: `#token=…` (as mailed: a fragment reaches no server), or `?token=…`. */
function tokenFromLocation(): string | null {
  for (const part of [window.location.hash.slice(1), window.location.search.slice(1)]) {
    const token = new URLSearchParams(part).get('token');
    if (token && TOKEN.test(token)) return token;
  }
  return null;
}

/**
 * The token of the link that opened this page (password reset, invitation), or null when it has
 * none or a malformed one. It leaves the address bar (and so the history) once read: it lives
 * in the page alone.
 */
export function useLinkToken(): string | null {
  const [token] = useState(tokenFromLocation);
  useEffect(() => {
    if (window.location.hash || window.location.search) window.history.replaceState(window.history.state, '', window.location.pathname);
  }, []);
  return token;
}
