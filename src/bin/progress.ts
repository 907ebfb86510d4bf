/**
 * Progress of a long export or import: a bar (cli-progress) on a terminal, and plain
 * lines ("posts: 10000 of 100000") otherwise, so logs and CI show where it is.
 */
import cliProgress from "cli-progress";
import type { Progress } from "../archive/archive.service.ts";

export function cliProgressFor(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar({ stream, format: "{stage} [{bar}] {value}/{total}", hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
    let started = false;
    return {
      stage(name, total) {
        if (started) bar.stop();
        bar.start(total ?? 0, 0, { stage: name.padEnd(20) });
        started = true;
      },
      advance(n) {
        if (bar.getTotal() < bar.getProgress() * bar.getTotal() + n) bar.setTotal(bar.getTotal() + n);
        bar.increment(n);
      },
      done() {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  let stage = "";
  let total: number | undefined;
  let count = 0;
  let shown = 0;
  const line = () => stream.write(`${stage}: ${count}${total === undefined ? "" : ` of ${total}`}\n`);
  return {
    stage(name, of) {
      if (stage && count !== shown) line();
      stage = name;
      total = of;
      count = 0;
      shown = 0;
      stream.write(`${name}…\n`);
    },
    advance(n) {
      count += n;
      // A line every 10,000 records: enough to see it move, not enough to flood a log.
      if (count - shown >= 10_000) {
        line();
        shown = count;
      }
    },
    done() {
      if (stage && count !== shown) line();
      stage = "";
    },
  };
}
