/** The CLI's commands: each parses its arguments, calls services, prints a sentence. */
import type { ParseArgsConfig } from "node:util";
import type { Config } from "../config.ts";
import { buildServer } from "../http/server.ts";
import { databaseAnswers, migrateAll, openConfiguredDatabase, openRuntime } from "../runtime.ts";

type Run = (input: { config: Config; values: Record<string, unknown>; positionals: string[] }) => Promise<number>;
type Command = { summary: string; help: string; options?: ParseArgsConfig["options"]; run: Run };

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write("Password: ");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

/** Stops on SIGTERM/SIGINT: no new requests, in-flight ones and running jobs finish, then the database closes. */
function closeOnSignal(close: () => Promise<void>) {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    process.stderr.write(`Received ${signal}; finishing work in progress and stopping.\n`);
    close().then(
      () => process.exit(0),
      (error) => {
        process.stderr.write(`Could not stop cleanly: ${error}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

export const commands: Record<string, Command> = {
  serve: {
    summary: "Serve the web app and API (and run background jobs)",
    help: "Usage: hearth serve\n\nServes Hearth on HOST:PORT. With the embedded database, background jobs run in the same process;\nwith DATABASE_URL, set HEARTH_WORKER=0 to leave them to `hearth worker` processes.\n",
    run: async ({ config }) => {
      const runtime = await openRuntime(config, { work: config.runWorker, scheduleDigests: true });
      if (config.demo && (await runtime.services.demo.seedIfEmpty())) {
        process.stderr.write("Added the demo community (living-with-copd) to the empty database.\n");
      }
      const app = await buildServer(config, runtime.services, { healthCheck: () => databaseAnswers(runtime.database) });
      closeOnSignal(async () => {
        await app.close();
        await runtime.close();
      });
      await app.listen({ port: config.port, host: config.host });
      process.stderr.write(`Hearth is running at ${config.publicUrl} (database: ${runtime.database.kind}).\n`);
      return -1;
    },
  },
  worker: {
    summary: "Run background jobs only (for deployments on PostgreSQL)",
    help: "Usage: hearth worker\n\nRuns background jobs (notifications, mail) without serving web pages. Needs DATABASE_URL:\nthe embedded database can only be used by one process, which runs its jobs itself.\n",
    run: async ({ config }) => {
      if (!config.databaseUrl) {
        process.stderr.write("The worker needs DATABASE_URL: with the embedded database, `hearth serve` runs background jobs itself.\n");
        return 1;
      }
      const runtime = await openRuntime(config, { work: true, scheduleDigests: true });
      closeOnSignal(runtime.close);
      process.stderr.write("Hearth worker is running.\n");
      return -1;
    },
  },
  migrate: {
    summary: "Create or update the database's tables",
    help: "Usage: hearth migrate\n\nApplies any migrations not yet applied. `serve` does this too when it starts.\n",
    run: async ({ config }) => {
      const database = await openConfiguredDatabase(config);
      try {
        const applied = await migrateAll(database);
        process.stdout.write(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}.\n` : "The database is up to date.\n");
        return 0;
      } finally {
        await database.close();
      }
    },
  },
  "create-admin": {
    summary: "Create an administrator (password read from standard input)",
    help: "Usage: echo 'a long password' | hearth create-admin <username>\n\nCreates an administrator account, or makes an existing account an administrator\nwhen the password given is its password.\n",
    run: async ({ config, positionals }) => {
      const [username] = positionals;
      if (!username || positionals.length > 1) {
        process.stderr.write("Give one username: hearth create-admin <username> (the password is read from standard input).\n");
        return 1;
      }
      const password = await readStdin();
      const runtime = await openRuntime(config, { work: false, startQueue: true });
      try {
        const { created } = await runtime.services.accounts.createAdmin(username, password);
        process.stdout.write(created ? `Created the administrator ${username}.\n` : `${username} is now an administrator.\n`);
        return 0;
      } finally {
        await runtime.close();
      }
    },
  },
};

export function usage(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: hearth <command> [options]\n\nCommands:\n${lines.join("\n")}\n\nAdd --help after a command for more.\n`;
}
