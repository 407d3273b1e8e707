/**
 * Renders the post-mortem of one incident as Markdown. The status line comes from the incident's
 * real status (a failed incident says failed; an open one says the report is provisional), never
 * from a template. Alert and model text is quoted as untrusted data.
 */
import { describeAction } from '../../domain/action.js';
import type { Incident, IncidentStatus } from '../../domain/incident.js';
import { durationsOf, formatSeconds } from './durations.js';
import { cell, fenced } from './markdown.js';

const STATUS_SENTENCES: Record<IncidentStatus, string> = {
  resolved: 'Resolved: the action was applied and verification confirmed the alert condition cleared.',
  failed: 'Failed: the action did not fix the problem; verification failed and the agent restored what it had changed.',
  blocked: 'Blocked: the guardrails denied the proposed action; nothing was changed in the cluster.',
  'no-action': 'No action: the agent changed nothing (no action was warranted, or the alert resolved first).',
  'needs-human': 'Needs a human: the agent could not act safely on its own and changed nothing further.',
  open: 'In progress (open): this report is provisional.',
  diagnosing: 'In progress (diagnosing): this report is provisional.',
  'awaiting-approval': 'Waiting for approval: nothing was changed yet; this report is provisional.',
  acting: 'In progress (acting): this report is provisional.',
  verifying: 'In progress (verifying): this report is provisional.',
};

/** The status sentence; a write whose outcome is unknown is said plainly, never "changed nothing". */
function statusSentence(incident: Incident): string {
  if (incident.execution?.phase === 'outcome-unknown') {
    return 'Needs a human: the cluster state is unknown. The agent sent a write whose reply was lost and could not read the Deployment afterwards; the change may be live. Check the workload (the undo record below says what to restore).';
  }
  return STATUS_SENTENCES[incident.status];
}

export function postMortemTitle(incident: Incident): string {
  const alertname = incident.alerts[0]?.alertname ?? 'unknown alert';
  const target = incident.target ? `${incident.target.namespace}/${incident.target.name}` : 'no resolvable workload';
  return `${alertname} on ${target}`;
}

export function renderPostMortem(incident: Incident): string {
  const durations = durationsOf(incident);
  const lines: string[] = [
    `# Post-mortem: ${cell(postMortemTitle(incident))}`,
    '',
    `**Status: ${incident.status}.** ${statusSentence(incident)}`,
    '',
    '| | |',
    '|---|---|',
    `| Incident | \`${cell(incident.id)}\` |`,
    `| Target | ${incident.target ? cell(`${incident.target.kind} ${incident.target.namespace}/${incident.target.name}`) : 'none resolved'} |`,
    `| Opened | ${incident.createdAt} |`,
    `| Last update | ${incident.updatedAt} |`,
    `| Time to detect | ${formatSeconds(durations.detectSeconds, 'unknown')} |`,
    `| Time to act | ${formatSeconds(durations.actSeconds, 'no change was applied')} |`,
    `| Time to recover | ${formatSeconds(durations.recoverSeconds, 'not recovered by the agent')} |`,
    '',
    '## Alerts',
    '',
    '| alert | severity | status | fingerprint | started |',
    '|---|---|---|---|---|',
    ...incident.alerts.map(
      (alert) =>
        `| ${cell(alert.alertname)} | ${cell(alert.severity)} | ${alert.status} | ${cell(alert.fingerprint)} | ${cell(alert.startsAt)} |`,
    ),
    '',
  ];
  const annotations = incident.alerts[0]?.annotations ?? {};
  if (Object.keys(annotations).length > 0) {
    lines.push(
      'Alert annotations (untrusted text, quoted as received):',
      '',
      fenced(
        Object.entries(annotations)
          .map(([key, value]) => `${key}: ${value}`)
          .join('\n'),
      ),
      '',
    );
  }
  lines.push('## Evidence summary', '');
  const findings = incident.diagnosis?.findings ?? [];
  lines.push(
    ...(findings.length > 0 ? findings.map((finding) => `- ${cell(finding)}`) : ['No evidence was recorded.']),
    '',
  );
  lines.push('## Root cause', '');
  if (incident.diagnosis) {
    const diagnosis = incident.diagnosis;
    lines.push(
      `- Category: **${diagnosis.category}** (confidence ${diagnosis.confidence.toFixed(2)}, from the ${diagnosis.source === 'model' ? 'model' : 'rule engine'})`,
      ...(diagnosis.fallbackReason ? [`- The rule engine decided because: ${cell(diagnosis.fallbackReason)}`] : []),
      ...(diagnosis.specialists.length > 0 ? [`- Specialists consulted: ${diagnosis.specialists.join(', ')}`] : []),
      '',
      fenced(diagnosis.rootCause),
      '',
      ...(diagnosis.narrative
        ? ["The model's account (narrative only; the rules decided):", '', fenced(diagnosis.narrative), '']
        : []),
      ...(diagnosis.disagreement ? [`- Both views (a human decides): ${cell(diagnosis.disagreement)}`, ''] : []),
    );
  } else {
    lines.push('No diagnosis was reached.', '');
  }
  lines.push(
    '## Action',
    '',
    incident.action ? `- Proposed: ${cell(describeAction(incident.action))}` : '- None proposed.',
  );
  if (incident.undo)
    lines.push(
      `- State captured before writing: ${incident.undo.type} of ${incident.undo.target.namespace}/${incident.undo.target.name}`,
    );
  lines.push('', '## Guardrail decision', '');
  if (incident.decision) {
    lines.push(`- Outcome: **${incident.decision.outcome}**`);
    lines.push(...incident.decision.reasons.map((reason) => `- \`${cell(reason.code)}\`: ${cell(reason.message)}`));
  } else {
    lines.push('- No decision was taken.');
  }
  if (incident.review) {
    const review = incident.review;
    lines.push(
      '',
      '## Human review',
      '',
      `- **${review.verdict}** by ${cell(review.by)} at ${review.at} (via ${review.via})`,
      '',
      'Comment (as entered):',
      '',
      fenced(review.comment),
    );
  }
  lines.push('', '## Verification', '');
  lines.push(
    incident.verification
      ? `- **${incident.verification.outcome}** by ${incident.verification.method}: ${cell(incident.verification.details)}`
      : '- Not verified (no change was applied, or the incident ended before verification).',
  );
  lines.push('', '## Timeline', '', '| time | event | what happened |', '|---|---|---|');
  lines.push(...incident.timeline.map((entry) => `| ${entry.at} | ${cell(entry.event)} | ${cell(entry.message)} |`));
  lines.push('');
  return lines.join('\n');
}
