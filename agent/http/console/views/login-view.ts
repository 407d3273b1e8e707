/** Sign-in: the token once (never in a URL: the form posts it) and the name approvals are recorded under. */
import { escapeHtml } from './page.js';

export type LoginProblem = 'wrong-token' | 'throttled' | 'missing-name' | 'expired' | 'disabled' | null;

const PROBLEMS: Readonly<Record<Exclude<LoginProblem, null>, string>> = {
  'wrong-token':
    "That token was not accepted. Use the agent's AGENT_WEBHOOK_TOKEN (approve and reject) or AGENT_READ_TOKEN (read only).",
  throttled: 'Too many refused tokens from this address: sign-in is paused for a few minutes. Try again later.',
  'missing-name': 'Enter your name: every approval and rejection is recorded with it.',
  expired: 'Your session ended (signed out, expired, or the agent restarted). Sign in again.',
  disabled:
    'The console is off: the agent runs without any token (AGENT_INSECURE_NO_AUTH). Set AGENT_WEBHOOK_TOKEN to use it.',
};

export function loginBody(problem: LoginProblem, name = ''): string {
  const alert = problem
    ? `<div class="error" role="alert" id="login-problem">${escapeHtml(PROBLEMS[problem])}</div>`
    : '';
  if (problem === 'disabled') return `<h1>Sign in</h1>\n${alert}`;
  return [
    '<h1>Sign in</h1>',
    alert,
    '<form method="post" action="login" class="login"' + (problem ? ' aria-describedby="login-problem"' : '') + '>',
    '<label for="token">Agent token</label>',
    '<input id="token" name="token" type="password" autocomplete="current-password" required>',
    '<label for="name">Your name (recorded with your approvals)</label>',
    `<input id="name" name="name" type="text" autocomplete="name" maxlength="80" required value="${escapeHtml(name)}">`,
    '<button type="submit">Sign in</button>',
    '</form>',
    '<p class="hint">The token is checked once and never stored in the browser; the session is kept in an HttpOnly cookie.</p>',
  ].join('\n');
}
