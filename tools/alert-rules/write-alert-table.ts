/** Writes docs/alerts.md (run: npx tsx tools/alert-rules/write-alert-table.ts). */
import { writeFileSync } from 'node:fs';
import { ALERT_TABLE_PATH, expectedAlertTable } from './alert-table-inputs.js';

writeFileSync(ALERT_TABLE_PATH, expectedAlertTable());
console.log(`wrote ${ALERT_TABLE_PATH}`);
