/**
 * One incident: alerts, evidence (with log excerpts), diagnosis (source and confidence), the
 * guardrail decision with every reason, the proposed change as a diff, verification, the human
 * review and the timeline; and, while it waits for approval, the approve/reject form.
 */
import { describeAction } from '../../../domain/action.js';
import type { Incident } from '../../../domain/incident.js';
import { renderChanges, type FieldChange } from './change-diff.js';
import { age, escapeHtml, statusBadge } from './page.js';

export interface ChangeView {
  readonly changes: readonly FieldChange[];
  readonly source: 'live' | 'recorded';
}

function alertsSection(incident: Incident): string {
  const rows = incident.alerts.map(
    (alert) =>
      `<tr><td>${escapeHtml(alert.alertname)}</td><td>${escapeHtml(alert.severity)}</td><td>${escapeHtml(alert.status)}</td><td>${escapeHtml(alert.startsAt)}</td><td>${escapeHtml(alert.annotations['summary'] ?? alert.annotations['description'] ?? '')}</td></tr>`,
  );
  return [
    '<section aria-labelledby="h-alerts"><h2 id="h-alerts">Alerts</h2>',
    '<table><thead><tr><th scope="col">alert</th><th scope="col">severity</th><th scope="col">status</th><th scope="col">started</th><th scope="col">summary (untrusted text from the alert)</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table></section>`,
  ].join('\n');
}

function evidenceSection(incident: Incident): string {
  const findings = incident.diagnosis?.findings ?? [];
  // Quoted findings are log or event lines the diagnosis rests on.
  const excerpts = findings.filter((finding) => finding.startsWith('"'));
  const statements = findings.filter((finding) => !finding.startsWith('"'));
  const gathered = incident.timeline.filter((entry) => entry.event === 'evidence-gathered').at(-1);
  return [
    '<section aria-labelledby="h-evidence"><h2 id="h-evidence">Evidence</h2>',
    gathered ? `<p>${escapeHtml(gathered.message)}</p>` : '<p>No evidence was gathered yet.</p>',
    statements.length > 0 ? `<ul>${statements.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>` : '',
    excerpts.length > 0
      ? `<h3>Log excerpts</h3><pre class="logs">${excerpts.map((line) => escapeHtml(line.slice(1, line.endsWith('"') ? -1 : undefined))).join('\n')}</pre>`
      : '',
    '</section>',
  ].join('\n');
}

function diagnosisSection(incident: Incident): string {
  const diagnosis = incident.diagnosis;
  if (!diagnosis)
    return '<section aria-labelledby="h-diagnosis"><h2 id="h-diagnosis">Diagnosis</h2><p>No diagnosis yet.</p></section>';
  return [
    '<section aria-labelledby="h-diagnosis"><h2 id="h-diagnosis">Diagnosis</h2>',
    `<dl class="facts"><dt>category</dt><dd>${escapeHtml(diagnosis.category)}</dd>`,
    `<dt>source</dt><dd>${diagnosis.source === 'model' ? 'the model' : 'the rule engine'}${diagnosis.fallbackReason ? ` (because ${escapeHtml(diagnosis.fallbackReason)})` : ''}</dd>`,
    `<dt>confidence</dt><dd>${diagnosis.confidence.toFixed(2)}</dd>`,
    diagnosis.specialists.length > 0
      ? `<dt>specialists</dt><dd>${escapeHtml(diagnosis.specialists.join(', '))}</dd>`
      : '',
    '</dl>',
    `<blockquote>${escapeHtml(diagnosis.rootCause)}</blockquote>`,
    '</section>',
  ].join('\n');
}

function decisionSection(incident: Incident, change: ChangeView): string {
  const decision = incident.decision;
  const reasons = decision
    ? `<p>Guardrails: <strong class="decision decision-${escapeHtml(decision.outcome)}">${escapeHtml(decision.outcome)}</strong></p><ul class="reasons">${decision.reasons.map((reason) => `<li><code>${escapeHtml(reason.code)}</code> ${escapeHtml(reason.message)}</li>`).join('')}</ul>`
    : '<p>No guardrail decision yet.</p>';
  return [
    '<section aria-labelledby="h-action"><h2 id="h-action">Proposed action and guardrail decision</h2>',
    `<p>Proposed: <strong>${escapeHtml(incident.action ? describeAction(incident.action) : 'nothing yet')}</strong></p>`,
    reasons,
    '<h3>Change to the Deployment</h3>',
    renderChanges(change.changes, change.source),
    '</section>',
  ].join('\n');
}

function outcomeSection(incident: Incident): string {
  const verification = incident.verification
    ? `<p>Verification: <strong>${escapeHtml(incident.verification.outcome)}</strong> by ${escapeHtml(incident.verification.method)}: ${escapeHtml(incident.verification.details)}</p>`
    : '<p>Not verified (no change applied yet).</p>';
  const review = incident.review
    ? `<p class="review">Human review: <strong>${escapeHtml(incident.review.verdict)}</strong> by <strong>${escapeHtml(incident.review.by)}</strong> at ${escapeHtml(incident.review.at)} (${escapeHtml(incident.review.via)}): “${escapeHtml(incident.review.comment)}”</p>`
    : '';
  const postMortem = incident.postMortemPath
    ? `<p>Post-mortem written to <code>${escapeHtml(incident.postMortemPath)}</code></p>`
    : '';
  return `<section aria-labelledby="h-outcome"><h2 id="h-outcome">Verification and review</h2>${verification}${review}${postMortem}</section>`;
}

function timelineSection(incident: Incident): string {
  const rows = incident.timeline.map(
    (entry) =>
      `<tr><td><time datetime="${escapeHtml(entry.at)}">${escapeHtml(entry.at)}</time></td><td><code>${escapeHtml(entry.event)}</code></td><td>${escapeHtml(entry.message)}</td></tr>`,
  );
  return [
    '<section aria-labelledby="h-timeline"><h2 id="h-timeline">Timeline</h2>',
    `<table><thead><tr><th scope="col">time</th><th scope="col">event</th><th scope="col">what happened</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`,
    '</section>',
  ].join('\n');
}

/** The live part: everything that changes while the agent works. */
export function incidentLive(incident: Incident, change: ChangeView, now: Date): string {
  const target = incident.target ? `${incident.target.namespace}/${incident.target.name}` : 'no workload resolved';
  return [
    `<div class="overview" data-status="${escapeHtml(incident.status)}">`,
    `<p>${statusBadge(incident.status)} · target <strong>${escapeHtml(target)}</strong> · severity ${escapeHtml(incident.alerts[0]?.severity ?? 'unknown')} · opened <time datetime="${escapeHtml(incident.createdAt)}">${escapeHtml(age(incident.createdAt, now))}</time> · updated ${escapeHtml(age(incident.updatedAt, now))}</p>`,
    '</div>',
    alertsSection(incident),
    evidenceSection(incident),
    diagnosisSection(incident),
    decisionSection(incident, change),
    outcomeSection(incident),
    timelineSection(incident),
  ].join('\n');
}

export interface ReviewFormState {
  readonly role: 'approver' | 'reader';
  readonly csrf: string;
  readonly name: string;
  readonly error?: string;
  readonly comment?: string;
  readonly notice?: string;
}

function reviewForm(incident: Incident, state: ReviewFormState): string {
  if (incident.status !== 'awaiting-approval') return '';
  if (state.role !== 'approver')
    return '<section id="review" class="review-form"><p>This incident waits for approval. Your token is read-only: sign in with the approver token to approve or reject.</p></section>';
  return [
    '<section id="review" class="review-form" aria-labelledby="h-review">',
    '<h2 id="h-review">Approve or reject</h2>',
    state.error ? `<div class="error" role="alert" id="review-error">${escapeHtml(state.error)}</div>` : '',
    `<form method="post" action="${encodeURIComponent(incident.id)}/review">`,
    `<input type="hidden" name="csrf" value="${escapeHtml(state.csrf)}">`,
    `<label for="comment">Comment (required; recorded with your name, ${escapeHtml(state.name)}, in the incident and its post-mortem)</label>`,
    `<textarea id="comment" name="comment" rows="3" maxlength="1000" required${state.error ? ' aria-invalid="true" aria-describedby="review-error"' : ''}>${escapeHtml(state.comment ?? '')}</textarea>`,
    '<div class="buttons">',
    `<button type="submit" name="verdict" value="approve" class="approve">Approve: ${escapeHtml(incident.action ? describeAction(incident.action) : 'the action')}</button>`,
    '<button type="submit" name="verdict" value="reject" class="reject">Reject (change nothing)</button>',
    '</div>',
    '</form>',
    '</section>',
  ].join('\n');
}

export function incidentBody(
  incident: Incident,
  change: ChangeView,
  now: Date,
  fragmentUrl: string,
  state: ReviewFormState,
): string {
  return [
    '<p><a href="../">← All incidents</a></p>',
    `<h1>Incident <code>${escapeHtml(incident.id)}</code></h1>`,
    state.notice ? `<div class="notice" role="status">${escapeHtml(state.notice)}</div>` : '',
    reviewForm(incident, state),
    `<div id="live" data-live-url="${escapeHtml(fragmentUrl)}">`,
    incidentLive(incident, change, now),
    '</div>',
  ].join('\n');
}
