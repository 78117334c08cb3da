// Where bull-board lives in the dashboard and what its pages are allowed (board.ts mounts it; the CSRF and header
// middleware treat these paths on their own terms).

/** The full board (administrators). */
export const BOARD = '/queues/board';
/** The read-only board (everyone signed in). */
export const BOARD_VIEW = '/queues/board-view';
/** axios (inside bull-board's UI) sends this cookie back as X-XSRF-TOKEN on same-origin writes: our CSRF token. */
export const XSRF_COOKIE = 'XSRF-TOKEN';

export const isBoardPath = (p: string): boolean => p === BOARD || p === BOARD_VIEW || p.startsWith(`${BOARD}/`) || p.startsWith(`${BOARD_VIEW}/`);

/**
 * The board's page loads its own scripts and styles (no inline script; inline styles on its loading screen) and sets
 * <base href>: its own policy, still no other origin (the Google font it asks for stays out: on-premises).
 */
export const BOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
