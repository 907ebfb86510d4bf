#!/usr/bin/env node
/**
 * The Hearth command line: wiring only. Every command creates and migrates the
 * database when it is new.
 */
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config.ts";
import { DatabaseInUseError } from "../db/embedded-lock.ts";
import { AppError } from "../shared/errors.ts";
import { commands, usage } from "./commands.ts";

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage());
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`There is no command called "${name}".\n\n${usage()}`);
    return 1;
  }
  const { values, positionals } = parseArgs({ args: rest, options: { help: { type: "boolean", short: "h" }, ...command.options }, allowPositionals: true, strict: true });
  if (values.help) {
    process.stdout.write(command.help);
    return 0;
  }
  return command.run({ config: loadConfig(), values, positionals });
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== -1) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof DatabaseInUseError || error instanceof AppError) {
      process.stderr.write(`${error.message}\n`);
    } else if (error instanceof TypeError && (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`${error.message}\nAdd --help to see how to use the command.\n`);
    } else {
      process.stderr.write(`Hearth stopped because of an unexpected error:\n${(error as Error)?.stack ?? error}\n`);
    }
    process.exit(1);
  },
);
