/**
 * Routes domain events to their subscribers through the job queue: publishing
 * enqueues one job per subscriber in the caller's transaction, and the worker runs
 * them. A subscriber that fails is retried on its own without touching the others.
 */
import type { Db } from "../db/connection.ts";
import type { JobContext, JobQueue } from "../jobs/queue.ts";
import type { DomainEvent, DomainEventType, EventOf } from "./domain-events.ts";

type Subscriber = { jobName: string };

export class EventBus {
  private readonly subscribers = new Map<DomainEventType, Subscriber[]>();

  constructor(private readonly queue: JobQueue) {}

  /**
   * Registers a named subscriber for one event type. Names must be unique and stable (they name queues).
   * A handler may run more than once for one event (a retry): it must be idempotent, and `job.id`,
   * the same on every run, is what it can record its effects under.
   */
  subscribe<T extends DomainEventType>(type: T, name: string, handler: (event: EventOf<T>, job: JobContext) => Promise<void>): void {
    const jobName = `event.${name}`;
    this.queue.define<EventOf<T>>(jobName, handler);
    this.subscribers.set(type, [...(this.subscribers.get(type) ?? []), { jobName }]);
  }

  /** Publishes an event as part of the transaction `db`. */
  async publish(db: Db, event: DomainEvent): Promise<void> {
    for (const subscriber of this.subscribers.get(event.type) ?? []) {
      await this.queue.send(subscriber.jobName, event, db);
    }
  }
}
