/**
 * The simulator's clock across a process boundary. An agent running in a child process (the
 * kill -9 fault suite, the bench's pipeline server) uses `childClock`: its `sleep` asks the parent
 * over IPC to advance the simulated cluster and resolves when the parent answers with the new time.
 * The parent answers with `answerClockAdvances`. A child killed mid-request breaks the pipe: the
 * parent's reply is then dropped, never an uncaught EPIPE.
 */
import type { ChildProcess } from 'node:child_process';

/** What the child sends: advance the simulated clock by `milliseconds` (request `id`). */
interface AdvanceRequest {
  readonly type: 'advance';
  readonly id: number;
  readonly milliseconds: number;
}
/** What the parent answers: request `id` is done; the simulated time is now `now`. */
interface AdvanceReply {
  readonly advanced: number;
  readonly now: number;
}

/** A clock with the agent's Clock shape (`now`, `sleep`), driven by the parent's simulator. */
export interface ChildClock {
  now(): Date;
  sleep(milliseconds: number): Promise<void>;
  /** Sets the simulated time the parent reports outside an advance (e.g. after it moved the cluster itself). */
  set(now: number): void;
  /** Handles an IPC message; true when it was a clock reply (callers route their other messages). */
  handle(message: unknown): boolean;
}

/** The child's side: start at `startNow` (simulated ms since the epoch); call `handle` for each IPC message. */
export function childClock(startNow: number): ChildClock {
  let simulatedNow = startNow;
  let sequence = 0;
  const pending = new Map<number, () => void>();
  return {
    now: () => new Date(simulatedNow),
    sleep: (milliseconds) =>
      new Promise<void>((resolve) => {
        const id = ++sequence;
        pending.set(id, resolve);
        const request: AdvanceRequest = { type: 'advance', id, milliseconds };
        process.send?.(request);
      }),
    set: (now) => {
      simulatedNow = now;
    },
    handle: (message) => {
      const reply = message as Partial<AdvanceReply> | null;
      if (typeof reply?.advanced !== 'number') return false;
      if (typeof reply.now === 'number') simulatedNow = reply.now;
      pending.get(reply.advanced)?.();
      pending.delete(reply.advanced);
      return true;
    },
  };
}

/**
 * The parent's side: answers every advance request of `child` by calling `advance` (which moves the
 * simulator) and replying with `now()`. `delayMilliseconds` holds each answer back, so a test can
 * kill the child while it waits.
 */
export function answerClockAdvances(
  child: ChildProcess,
  advance: (milliseconds: number) => void,
  now: () => number,
  delayMilliseconds = 0,
): void {
  child.on('message', (message: Partial<AdvanceRequest>) => {
    if (message.type !== 'advance' || typeof message.id !== 'number') return;
    const id = message.id;
    const answer = () => {
      advance(message.milliseconds ?? 0);
      const reply: AdvanceReply = { advanced: id, now: now() };
      // The child may have been killed in between: the broken pipe is expected and dropped.
      if (child.connected) child.send(reply, () => undefined);
    };
    if (delayMilliseconds > 0) setTimeout(answer, delayMilliseconds);
    else answer();
  });
}
