import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { mutationKeys } from '../../../lib/query-keys';
import { sessionStore } from '../../../lib/session';

export const logout = () => apiRequest<void>('POST', '/v1/auth/logout');

export const SIGNED_OUT_MESSAGE = 'You have signed out.';

/**
 * Asks the server to refuse the token from now on, then forgets it. The local sign-out
 * happens even when the server cannot be reached: the button must always work.
 */
export function useLogout() {
  return useMutation({
    mutationKey: mutationKeys.logout,
    mutationFn: async () => {
      try {
        await logout();
      } catch {
        // The token stays valid until it expires; nothing better can be done offline.
      }
    },
    onSettled: () => sessionStore.signOut(SIGNED_OUT_MESSAGE),
  });
}
