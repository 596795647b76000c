// Pages that need an account send signed-out visitors to the login page, and back afterwards.

import { currentUser } from '../session.js';
import { navigate } from '../router.js';

/** The signed-in account, or null after redirecting to the login page. */
export function requireUser() {
  const user = currentUser();
  if (!user) {
    const here = location.pathname + location.search;
    navigate(`/login?${new URLSearchParams({ next: here })}`, { replace: true });
  }
  return user;
}
