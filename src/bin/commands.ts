/** The CLI's commands: each parses its arguments, calls services, prints a sentence. */
import type { ParseArgsConfig } from "node:util";
import type { Config } from "../config.ts";
import { buildServer } from "../http/server.ts";
import { databaseAnswers, migrateAll, openConfiguredDatabase, openRuntime } from "../runtime.ts";
import { ArchiveRefused, SigningKeyError } from "../archive/archive.service.ts";
import { cliProgressFor } from "./progress.ts";

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

/** Runs an archive command; a refused archive or a bad key is one sentence and exit 1. */
async function archiveCommand(config: Config, work: (runtime: Awaited<ReturnType<typeof openRuntime>>) => Promise<void>): Promise<number> {
  const runtime = await openRuntime(config, { work: false, startQueue: false });
  try {
    await work(runtime);
    return 0;
  } catch (error) {
    if (error instanceof ArchiveRefused || error instanceof SigningKeyError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await runtime.close();
  }
}

commands.export = {
  summary: "Write a community's signed, portable archive",
  help:
    "Usage: hearth export <community-slug> --out <file> [--claims <file>]\n\n" +
    "Writes the community's archive (docs/archive-format.md), signed with this server's key\n" +
    "(HEARTH_SIGNING_KEY, or one kept in HEARTH_DATA_DIR). Only content whose authors chose\n" +
    "to let it travel goes in. Also writes a claims file (default: <file>.claims.jsonl),\n" +
    "never part of the archive, with one claim code per member for you to send them.\n",
  options: { out: { type: "string", short: "o" }, claims: { type: "string" } },
  run: async ({ config, values, positionals }) => {
    const [slug] = positionals;
    const out = values.out as string | undefined;
    if (!slug || positionals.length > 1 || !out) {
      process.stderr.write("Give one community and a file: hearth export <community-slug> --out <file>.\n");
      return 1;
    }
    return archiveCommand(config, async ({ services }) => {
      const result = await services.archive.export(slug, out, { claims: values.claims as string | undefined, progress: cliProgressFor() });
      const counts = result.manifest.parts.map((p) => `${p.records} ${p.name.replace(".jsonl", "")}`).join(", ");
      process.stdout.write(
        `Wrote the archive of ${slug} to ${result.file} (${counts}).\n` +
          `Signed with the key ${result.manifest.signingKey.fingerprint}.\n` +
          `Wrote ${result.claims} claim code(s) to ${result.claimsFile}: send each member theirs, and keep the file private; it is not part of the archive.\n`,
      );
    });
  },
};

commands.import = {
  summary: "Import a community from a signed archive",
  help:
    "Usage: hearth import <file> [--slug <new-slug>] [--owner <username>]\n\n" +
    "Checks the archive's signature, every part's SHA-256 and every record before writing\n" +
    "anything, then imports the community in one transaction. Its authors arrive as\n" +
    "portable personas, linked to no account here, until each claims theirs at /claim with\n" +
    "the code from the claims file `hearth export` wrote. --slug gives it another address\n" +
    "(needed when its own is taken on this server). --owner makes that account here its\n" +
    "owner; without it, the first member to claim the persona of an owner at export becomes\n" +
    "its owner.\n",
  options: { slug: { type: "string" }, owner: { type: "string" } },
  run: async ({ config, values, positionals }) => {
    const [file] = positionals;
    if (!file || positionals.length > 1) {
      process.stderr.write("Give one archive: hearth import <file> [--slug <new-slug>] [--owner <username>].\n");
      return 1;
    }
    return archiveCommand(config, async ({ services }) => {
      const result = await services.archive.import(file, {
        slug: values.slug as string | undefined,
        owner: values.owner as string | undefined,
        progress: cliProgressFor(),
        onVerified: (v) => process.stderr.write(`The archive is intact and signed by the key ${v.fingerprint} (${v.manifest.sourceServer}).\n`),
      });
      process.stdout.write(`Imported ${result.manifest.community.name} as ${result.slug} (${result.records} records), signed by the key ${result.fingerprint} of ${result.manifest.sourceServer}.\n`);
      const parent = result.manifest.lineage?.forkedFrom;
      if (parent) process.stdout.write(`It was forked from ${parent.name} (${parent.server}) on ${parent.forkedAt.slice(0, 10)}.\n`);
      if (values.owner) process.stdout.write(`${String(values.owner)} owns it here.\n`);
    });
  },
};

export function usage(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: hearth <command> [options]\n\nCommands:\n${lines.join("\n")}\n\nAdd --help after a command for more.\n`;
}
