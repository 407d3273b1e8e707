/**
 * Bounded priority queue of incidents waiting for a pipeline slot: lowest priority number first
 * (critical before warning), first come first served within a priority. Callers check `hasRoom`
 * before accepting work, so the webhook can answer 503 instead of dropping anything.
 */
export class IncidentQueue {
  private readonly items: { readonly id: string; readonly priority: number; readonly sequence: number }[] = [];
  private sequence = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.items.length;
  }

  hasRoom(count: number): boolean {
    return this.items.length + count <= this.capacity;
  }

  /** Adds an incident; throws when full (callers check `hasRoom` first, so this is a bug guard). */
  push(id: string, priority: number): void {
    if (!this.hasRoom(1)) throw new Error(`incident queue is full (${this.capacity})`);
    const item = { id, priority, sequence: this.sequence++ };
    // Insert in order; the queue is small (bounded), so a linear scan from the end is cheap.
    let index = this.items.length;
    while (index > 0) {
      const before = this.items[index - 1]!;
      if (before.priority < item.priority || (before.priority === item.priority && before.sequence < item.sequence)) {
        break;
      }
      index -= 1;
    }
    this.items.splice(index, 0, item);
  }

  shift(): string | undefined {
    return this.items.shift()?.id;
  }

  remove(id: string): boolean {
    const index = this.items.findIndex((item) => item.id === id);
    if (index < 0) return false;
    this.items.splice(index, 1);
    return true;
  }
}
