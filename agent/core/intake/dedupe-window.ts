/**
 * Remembers which (fingerprint, status) pairs were seen recently, so Alertmanager's re-sends of a
 * group (every group_interval / repeat_interval) do not open new work. Bounded: entries expire after
 * the window and the oldest are evicted beyond `capacity` (a Map iterates in insertion order).
 */
export class DedupeWindow {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly windowMilliseconds: number,
    private readonly capacity = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  static key(fingerprint: string, status: string): string {
    return `${fingerprint}|${status}`;
  }

  has(key: string): boolean {
    const seenAt = this.seen.get(key);
    if (seenAt === undefined) return false;
    if (this.now() - seenAt > this.windowMilliseconds) {
      this.seen.delete(key);
      return false;
    }
    return true;
  }

  add(key: string): void {
    this.seen.delete(key);
    this.seen.set(key, this.now());
    while (this.seen.size > this.capacity) {
      const oldest = this.seen.keys().next();
      if (oldest.done) break;
      this.seen.delete(oldest.value);
    }
  }

  delete(key: string): void {
    this.seen.delete(key);
  }

  get size(): number {
    return this.seen.size;
  }
}
