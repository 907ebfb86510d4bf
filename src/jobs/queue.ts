/**
 * The background job queue: pg-boss, kept in the same PostgreSQL (or PGlite)
 * database as everything else, so no Redis. Jobs can be sent inside a Kysely
 * transaction: they exist only if the change that caused them was committed.
 */
import PgBoss from "pg-boss";
import { CompiledQuery } from "kysely";
import type pg from "pg";
import type { Db } from "../db/connection.ts";

/** Which job is running: its id stays the same across retries, so a handler can record what it already did. */
export type JobContext = { id: string; name: string };

export type JobHandler<T> = (data: T, job: JobContext) => Promise<void>;

/**
 * Thrown by a handler for a job that can never succeed (its payload is malformed): the job is
 * failed at once, without the retries a passing fault (a busy mail server) gets.
 */
export class PermanentJobFailure extends Error {}

/** When a job may first run. */
export type SendOptions = { startAfter?: Date };

export type QueueOptions = {
  /** Fetch and run jobs in this process. Web-only processes only send. */
  work: boolean;
  pollingIntervalSeconds?: number;
};

function executorFor(db: Db): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      const result = await db.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: result.rows as unknown[] as any[] };
    },
  };
}

/**
 * pg-boss's queries, counted so stop() can wait for the last of them. pg-boss fires some without
 * waiting (a batch's completion, a fetch that was under way when it stopped), and one arriving
 * after the pool has ended would be an unhandled rejection. Once closed, a late query does
 * nothing: the jobs it would have touched stay active, expire and run again (handlers are idempotent).
 */
class CountedExecutor {
  inFlight = 0;
  closed = false;
  constructor(private readonly pool: pg.Pool) {}

  readonly executeSql = async (text: string, values?: unknown[]): Promise<{ rows: any[] }> => {
    if (this.closed) return { rows: [] };
    this.inFlight++;
    try {
      return await this.pool.query(text, values);
    } finally {
      this.inFlight--;
    }
  };
}

export class JobQueue {
  private readonly handlers = new Map<string, JobHandler<any>>();
  private started = false;
  private stopping = false;
  private runningBatches = 0;

  private constructor(
    private readonly boss: PgBoss,
    private readonly executor: CountedExecutor,
    private readonly options: QueueOptions,
  ) {}

  /** Creates pg-boss's tables when missing. Called by migrate, so tests' templates hold them. */
  static async install(pool: pg.Pool): Promise<void> {
    const boss = new PgBoss({ db: { executeSql: (text, values) => pool.query(text, values) }, supervise: false, schedule: false });
    await boss.start();
    await boss.stop({ graceful: false, wait: true });
  }

  static create(pool: pg.Pool, options: QueueOptions): JobQueue {
    const executor = new CountedExecutor(pool);
    const boss = new PgBoss({ db: executor, supervise: options.work, schedule: false });
    boss.on("error", (error) => console.error("job queue error:", error.message));
    return new JobQueue(boss, executor, options);
  }

  /** Declares a named job and the function that runs it. Call before start(). */
  define<T extends object>(name: string, handler: JobHandler<T>): void {
    this.handlers.set(name, handler);
  }

  async start(): Promise<void> {
    this.stopping = false;
    this.executor.closed = false;
    await this.boss.start();
    for (const [name, handler] of this.handlers) {
      await this.boss.createQueue(name);
      if (this.options.work) {
        await this.boss.work<object>(
          name,
          // Up to 100 jobs a queue a second: a busy community's notifications keep up with its replies.
          { pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 1, batchSize: 100 },
          (jobs) => this.runBatch(name, handler, jobs),
        );
      }
    }
    this.started = true;
  }

  /**
   * Runs a fetched batch one job at a time, completing or failing each on its own as it
   * ends. Left to pg-boss, one throwing handler would fail the whole batch and every job
   * that had already succeeded in it would run again (a mail sent twice).
   */
  private async runBatch(name: string, handler: JobHandler<any>, jobs: PgBoss.Job<object>[]): Promise<void> {
    this.runningBatches++;
    try {
      await this.runEach(name, handler, jobs);
    } finally {
      this.runningBatches--;
    }
  }

  private async runEach(name: string, handler: JobHandler<any>, jobs: PgBoss.Job<object>[]): Promise<void> {
    for (const job of jobs) {
      // A batch fetched while stopping is handed back, not run: throwing makes pg-boss fail
      // (so retry) the jobs still active, where returning would mark them completed unrun.
      if (this.stopping) throw new Error("the job queue is stopping; the job will run again");
      let failure: unknown = null;
      try {
        await handler(job.data, { id: job.id, name });
      } catch (error) {
        failure = error ?? new Error("the job failed");
      }
      // pg-boss's own completion of the batch afterwards changes only jobs still active: none are.
      if (failure === null) await this.boss.complete(name, job.id);
      else await this.failJob(name, job.id, failure);
    }
  }

  /** Fails a job; a permanent failure first spends its remaining retries, so pg-boss marks it failed, not retry. */
  private async failJob(name: string, id: string, failure: unknown): Promise<void> {
    if (failure instanceof PermanentJobFailure) {
      await this.boss.getDb().executeSql("update pgboss.job set retry_limit = retry_count where name = $1 and id = $2", [name, id]);
    }
    await this.boss.fail(name, id, { message: failure instanceof Error ? failure.message : String(failure) });
  }

  /**
   * Sends a job, inside the given transaction when there is one. `startAfter`: not before
   * then (a poll's closing is sent when the poll is asked, to run when it closes).
   */
  async send<T extends object>(name: string, data: T, db?: Db, options: SendOptions = {}): Promise<void> {
    if (!this.handlers.has(name)) throw new Error(`No job named ${name} is defined.`);
    if (!this.started) throw new Error("The job queue has not been started.");
    await this.boss.send(name, data, {
      ...(db ? { db: executorFor(db) } : {}),
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
      retryLimit: 5,
      retryBackoff: true,
    });
  }

  /**
   * Waits until no job of the given names is queued or running (tests and shutdown use it).
   * A job sent to start later (`startAfter` still ahead, never yet tried) is not waited for:
   * it may be days away. A retry waiting out its backoff is.
   */
  async settle(names: string[] = [...this.handlers.keys()], timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await this.boss.getDb().executeSql(
        `select count(*)::int as n from pgboss.job where name = any($1::text[]) and state < 'completed' and not (state = 'created' and start_after > now())`,
        [names],
      );
      const busy = Number((rows[0] as { n: number } | undefined)?.n ?? 0);
      if (busy === 0) return;
      if (Date.now() > deadline) throw new Error(`Jobs still pending after ${timeoutMs} ms.`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /**
   * Stops fetching, waits for running jobs to finish, then for pg-boss's last queries (a fetch
   * under way counts as no work to pg-boss), so nothing touches the pool after the caller ends it.
   */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.stopping = true;
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    const deadline = Date.now() + 10_000;
    while ((this.executor.inFlight > 0 || this.runningBatches > 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    this.executor.closed = true;
  }
}
