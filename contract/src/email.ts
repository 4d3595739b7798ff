import isEmail from 'validator/lib/isEmail.js';

/**
 * Which e-mail addresses the API accepts: server (as a JSON Schema format) and web app (in its
 * forms) decide with these same functions.
 *
 * Addresses end up in `mailto:` links, so besides validator's RFC checks an address may not
 * contain characters that mean something in a URL (`?` `&` `=` `%` `#`: a `?bcc=` smuggled into
 * a stored address once became a hidden BCC), a quoted local part, whitespace, or invisible
 * control and formatting characters (a right-to-left override makes an address read as another).
 */
export const EMAIL_FORMAT = 'email';
/** Login also takes the addresses that registration accepted before the rule above. */
export const LOGIN_EMAIL_FORMAT = 'login-email';

export const EMAIL_RULE = 'an address like name@company.com, without spaces or any of ? & = % # "';

const URL_SPECIAL_OR_QUOTE = '?&=%#"';
const INVISIBLE = /[\s\p{Cc}\p{Cf}]/u;
/** What registration accepted until the rule above (contract/src/common.ts before issue 11). */
const EARLIER_REGISTRATION_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** True when the address (surrounding spaces aside) is one the API stores. */
export function isAcceptableEmail(input: string): boolean {
  const address = input.trim();
  if (address.length > 254 || INVISIBLE.test(address)) return false;
  return isEmail(address, { blacklisted_chars: URL_SPECIAL_OR_QUOTE, allow_display_name: false, allow_ip_domain: false });
}

/**
 * A sign-in needs to find an existing account, so it accepts what registration accepts today or
 * accepted before; nothing a sign-in sends is stored or shown.
 */
export function isLoginEmail(input: string): boolean {
  return isAcceptableEmail(input) || EARLIER_REGISTRATION_PATTERN.test(input.trim());
}
