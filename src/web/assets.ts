/**
 * Static assets: one stylesheet, served under a content hash so browsers can keep it
 * for a year. No web fonts, no icon fonts, no third parties.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "assets");

type Asset = { url: string; body: Buffer; type: string };

function load(name: string, type: string): Asset {
  const body = fs.readFileSync(path.join(dir, name));
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 12);
  const [base, ext] = name.split(".");
  return { url: `/assets/${base}.${hash}.${ext}`, body, type };
}

export const stylesheet = load("hearth.css", "text/css; charset=utf-8");

export async function assetRoutes(app: FastifyInstance) {
  for (const asset of [stylesheet]) {
    app.get(asset.url, { schema: { hide: true } }, async (_request, reply) =>
      reply.header("cache-control", "public, max-age=31536000, immutable").type(asset.type).send(asset.body),
    );
  }
}
