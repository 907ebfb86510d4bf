/**
 * Static assets: one stylesheet and the small client islands, served under a content hash so browsers can keep it
 * for a year. No web fonts, no icon fonts, no third parties.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "assets");

type Asset = { url: string; body: Buffer; type: string };

/** Joins the CSS files of assets/ (base first, then each feature's) into one stylesheet: one request per page. */
function loadStylesheet(): Asset {
  const names = fs.readdirSync(dir).filter((n) => n.endsWith(".css")).sort((a, b) => (a === "hearth.css" ? -1 : b === "hearth.css" ? 1 : a.localeCompare(b)));
  const body = Buffer.from(names.map((n) => fs.readFileSync(path.join(dir, n), "utf8")).join("\n"));
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 12);
  return { url: `/assets/hearth.${hash}.css`, body, type: "text/css; charset=utf-8" };
}

export const stylesheet = loadStylesheet();

/** A client island (islands/*.js), served under its content hash like the stylesheet. CSP's script-src 'self' allows it. */
function loadIsland(name: string): Asset {
  const body = fs.readFileSync(path.join(path.dirname(dir), "islands", `${name}.js`));
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 12);
  return { url: `/assets/${name}.${hash}.js`, body, type: "text/javascript; charset=utf-8" };
}

/** The header's live notification count (server-sent events; ADR 38). */
export const liveCountScript = loadIsland("live-count");

export async function assetRoutes(app: FastifyInstance) {
  for (const asset of [stylesheet, liveCountScript]) {
    app.get(asset.url, { schema: { hide: true } }, async (_request, reply) =>
      reply.header("cache-control", "public, max-age=31536000, immutable").type(asset.type).send(asset.body),
    );
  }
}
