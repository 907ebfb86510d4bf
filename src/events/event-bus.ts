/**
 * Routes domain events to their subscribers through the job queue: publishing
 * enqueues one job per subscriber in the caller's transaction, and the worker runs
 * them. A subscriber that fails is retried on its own without touching the others.
 */
import type { Db } from "../db/connection.ts";
import { PermanentJobFailure, type JobContext, type JobQueue, type SendOptions } from "../jobs/queue.ts";
import { isEventOf, type DomainEvent, type DomainEventType, type EventOf } from "./domain-events.ts";

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
    this.queue.define<EventOf<T>>(jobName, async (payload, job) => {
      // A malformed payload will be as malformed on every retry: refuse it for good. The log names the
      // job, never the payload, which may hold ids of people.
      if (!isEventOf(type, payload)) {
        console.error(`job ${jobName} ${job.id}: its payload is not a well-formed ${type} event; failed without retrying`);
        throw new PermanentJobFailure(`The payload is not a well-formed ${type} event.`);
      }
      await handler(payload, job);
    });
    this.subscribers.set(type, [...(this.subscribers.get(type) ?? []), { jobName }]);
  }

  /**
   * Publishes an event as part of the transaction `db`. `startAfter` holds its subscribers'
   * jobs until then: an event about a moment to come (a poll closing), sent with the change
   * that set the moment, so it exists only if that change was committed.
   */
  async publish(db: Db, event: DomainEvent, options: SendOptions = {}): Promise<void> {
    // A bad event is a bug in the publisher: throwing here rolls back the change that caused it.
    const type: string = event.type;
    if (!isEventOf(event.type, event)) throw new Error(`The ${type} event does not match its schema.`);
    for (const subscriber of this.subscribers.get(event.type) ?? []) {
      await this.queue.send(subscriber.jobName, event, db, options);
    }
  }
}
