import { ApiError, errorMessage } from '../../../lib/api-client';

/** The team's own refusals in words that say what to do; anything else as the server put it. */
export function teamErrorMessage(error: unknown, name: string): string {
  if (error instanceof ApiError) {
    if (error.code === 'last_admin') return `${name} is the company’s last admin. Make someone else an admin first.`;
    if (error.code === 'admin_only' || error.code === 'forbidden') return 'Only admins can manage the team.';
  }
  return errorMessage(error);
}
