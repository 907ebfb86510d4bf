/** A member's check-ins as a CSV download, from the API and from the page alike: never cached, saved under the community's name. */
import type { FastifyReply } from "fastify";

export function sendCheckinsCsv(reply: FastifyReply, slug: string, csv: string) {
  return reply
    .header("content-type", "text/csv; charset=utf-8")
    .header("content-disposition", `attachment; filename="checkins-${slug}.csv"`)
    .header("cache-control", "private, no-store")
    .send(csv);
}
