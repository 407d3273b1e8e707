/**
 * The shapes the model must answer in. The zod schemas validate replies; their JSON-schema form
 * is sent as Ollama's `format`, so the model is constrained to the same shape that is checked.
 * Strings are length-bounded so a reply cannot smuggle unbounded text into the incident.
 */
import { z } from 'zod';
import { DIAGNOSIS_CATEGORIES, SPECIALISTS } from '../../domain/diagnosis.js';

const text = (maximum: number) => z.string().max(maximum);

export const SpecialistReplySchema = z.strictObject({
  specialist: z.enum(SPECIALISTS),
  findings: z.array(text(300)).max(8),
  suspectedCause: text(500),
  confidence: z.number().min(0).max(1),
});
export type SpecialistReply = z.infer<typeof SpecialistReplySchema>;

/**
 * The director's proposal: an action type and its parameters (`replicas`/`toRevision`, read only for
 * scale/rollback). There is no target: the action always applies to the workload the incident is
 * about, fixed at intake from the alert's labels. A reply that names one (or anything else not
 * listed) does not validate, and the rules decide.
 */
export const DirectorReplySchema = z.strictObject({
  category: z.enum(DIAGNOSIS_CATEGORIES),
  rootCause: text(600).min(1),
  confidence: z.number().min(0).max(1),
  action: z.strictObject({
    type: z.enum(['restart', 'scale', 'rollback', 'none']),
    replicas: z.number().optional(),
    toRevision: z.number().optional(),
  }),
  findings: z.array(text(300)).max(8),
  reasoning: text(1000).optional(),
});
export type DirectorReply = z.infer<typeof DirectorReplySchema>;

export const SPECIALIST_FORMAT = z.toJSONSchema(SpecialistReplySchema) as Record<string, unknown>;
export const DIRECTOR_FORMAT = z.toJSONSchema(DirectorReplySchema) as Record<string, unknown>;
