/**
 * The console's main pages rendered from fixed fixtures (a fixed clock, a bad release awaiting
 * approval, a resolved and a blocked incident): what docs/console shows. Pure, so a test can tell
 * when the committed pages are stale; `write-screenshots.ts` renders them in Chromium.
 */
import type { Incident } from '../../../domain/incident.js';
import { summarize } from '../../incident-summary.js';
import { liveChanges } from '../views/change-diff.js';
import { incidentBody } from '../views/incident-view.js';
import { listBody } from '../views/list-view.js';
import { loginBody } from '../views/login-view.js';
import { page } from '../views/page.js';

const NOW = new Date('2026-12-07T03:20:00.000Z');
const target = { namespace: 'online-boutique', kind: 'Deployment' as const, name: 'checkoutservice' };
const user = { name: 'Ada On-Call', role: 'approver' as const, csrf: 'csrf-token-shown-in-the-form' };

const template = (image: string) => ({
  metadata: { labels: { app: 'checkoutservice' } },
  spec: { containers: [{ name: 'server', image, resources: { limits: { cpu: '200m', memory: '128Mi' } } }] },
});

// A plain constant, not a literal typed as Incident: it carries fields newer incidents have too.
const awaitingFields = {
  id: 'inc-20261207-031200-5e1f0a',
  status: 'awaiting-approval',
  createdAt: '2026-12-07T03:12:00.000Z',
  updatedAt: '2026-12-07T03:12:02.000Z',
  alerts: [
    {
      fingerprint: '4c1d9e7a2b3f6c80',
      alertname: 'DeploymentCrashLooping',
      severity: 'critical',
      status: 'firing',
      startsAt: '2026-12-07T03:09:30.000Z',
      labels: { alertname: 'DeploymentCrashLooping', namespace: target.namespace, deployment: target.name },
      annotations: { summary: 'checkoutservice pods restart repeatedly (CrashLoopBackOff).' },
    },
  ],
  target,
  diagnosis: {
    category: 'bad-rollout',
    rootCause: 'Revision 2 of checkoutservice (image v0.10.5-rc.1) exits at start; revision 1 was healthy.',
    confidence: 0.8,
    source: 'rules',
    fallbackReason: 'no model is configured',
    findings: [
      'revision 2 rolled out 2.5 min before the alert; 3 of 3 new pods in CrashLoopBackOff',
      '"level=fatal msg=failed to parse PAYMENT_SERVICE_ADDR: missing port in address"',
      '"level=info msg=starting checkout service version=v0.10.5-rc.1"',
    ],
    specialists: [],
  },
  action: { type: 'rollback', target, toRevision: 1 },
  decision: {
    outcome: 'needs-approval',
    reasons: [
      { code: 'approval-required', message: 'approval mode: waiting for /approve' },
      { code: 'all-checks-passed', message: 'namespace allowlisted, Deployment exists, budget and cooldown respected' },
    ],
  },
  undo: null,
  verification: null,
  approvedAt: null,
  verifiedAt: null,
  timeline: [
    {
      at: '2026-12-07T03:12:00.000Z',
      event: 'incident-opened',
      message: 'DeploymentCrashLooping (critical) fired; queued for diagnosis',
    },
    {
      at: '2026-12-07T03:12:01.000Z',
      event: 'evidence-gathered',
      message: 'read 3 pods, 2 ReplicaSets, 6 events, 3 log tails, 5 metrics, 30 Loki lines',
    },
    { at: '2026-12-07T03:12:01.000Z', event: 'diagnosis-made', message: 'bad-rollout (rules, confidence 0.8)' },
    {
      at: '2026-12-07T03:12:02.000Z',
      event: 'approval-requested',
      message: 'rollback online-boutique/checkoutservice to revision 1 needs approval',
    },
  ],
  postMortemPath: null,
} as const;
export const AWAITING: Incident = awaitingFields;

const RESOLVED: Incident = {
  ...AWAITING,
  id: 'inc-20261207-024000-9a0b3c',
  status: 'resolved',
  createdAt: '2026-12-07T02:40:00.000Z',
  updatedAt: '2026-12-07T02:43:00.000Z',
  alerts: [
    { ...(AWAITING.alerts[0] as Incident['alerts'][number]), alertname: 'DeploymentOOMKilled', severity: 'warning' },
  ],
  target: { ...target, name: 'productcatalogservice' },
  action: { type: 'restart', target: { ...target, name: 'productcatalogservice' } },
};

const BLOCKED: Incident = {
  ...AWAITING,
  id: 'inc-20261207-015500-11d2e4',
  status: 'blocked',
  createdAt: '2026-12-07T01:55:00.000Z',
  alerts: [
    { ...(AWAITING.alerts[0] as Incident['alerts'][number]), alertname: 'DeploymentCPUSaturated', severity: 'warning' },
  ],
  target: { ...target, name: 'frontend' },
  action: { type: 'scale', target: { ...target, name: 'frontend' }, replicas: 6 },
};

const snapshot = {
  ref: target,
  uid: 'uid-checkout',
  resourceVersion: '1196',
  generation: 2,
  createdAt: '2026-12-06T09:00:00.000Z',
  replicas: 3,
  selector: { app: 'checkoutservice' },
  revision: 2,
  template: template('europe-docker.pkg.dev/online-boutique/checkoutservice:v0.10.5-rc.1'),
  restartAnnotation: null,
  images: ['checkoutservice:v0.10.5-rc.1'],
  paused: false,
  status: {
    observedGeneration: 2,
    replicas: 3,
    updatedReplicas: 3,
    readyReplicas: 0,
    availableReplicas: 0,
    unavailableReplicas: 3,
    conditions: [],
  },
};
const revisionOne = {
  name: 'checkoutservice-7d9f8',
  namespace: target.namespace,
  revision: 1,
  createdAt: '2026-12-06T09:00:00.000Z',
  replicas: 0,
  readyReplicas: 0,
  availableReplicas: 0,
  podTemplateHash: '7d9f8',
  images: ['checkoutservice:v0.10.4'],
  template: template('europe-docker.pkg.dev/online-boutique/checkoutservice:v0.10.4'),
};

export interface ConsolePage {
  readonly name: string;
  /** The URL path the page is served under (for relative links and assets). */
  readonly path: string;
  readonly html: string;
}

export function consolePages(): ConsolePage[] {
  const list = {
    items: [AWAITING, RESOLVED, BLOCKED].map(summarize),
    nextCursor: null,
    filters: {},
  };
  return [
    {
      name: 'sign-in-wrong-token',
      path: '/console/login',
      html: page({
        title: 'Sign in',
        root: './',
        mode: 'approval',
        user: null,
        body: loginBody('wrong-token', 'Ada On-Call'),
      }),
    },
    {
      name: 'incidents',
      path: '/console/',
      html: page({
        title: 'Incidents',
        root: './',
        mode: 'approval',
        user,
        body: listBody(list, NOW, './?fragment=1', true),
      }),
    },
    {
      name: 'incident-awaiting-approval',
      path: `/console/incidents/${AWAITING.id}`,
      html: page({
        title: `Incident ${AWAITING.id}`,
        root: '../',
        mode: 'approval',
        user,
        body: incidentBody(
          AWAITING,
          { changes: liveChanges(AWAITING.action, snapshot, [revisionOne]), source: 'live' },
          NOW,
          `${AWAITING.id}?fragment=1`,
          { role: 'approver', csrf: user.csrf, name: user.name },
        ),
      }),
    },
    {
      name: 'incidents-dry-run',
      path: '/console/',
      html: page({
        title: 'Incidents',
        root: './',
        mode: 'dry-run',
        user,
        body: listBody(list, NOW, './?fragment=1', true),
      }),
    },
  ];
}
