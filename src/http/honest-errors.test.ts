/**
 * Only the specific not-found is a 404. When the database fails in the middle of a
 * request (here: a column the membership check reads is gone, on the real database), the answer is an
 * honest 500 that is logged, never a 404 saying the post does not exist; and a
 * database that cannot be reached at all is a 503.
 */
import { Writable } from "node:stream";
import { sql } from "kysely";
import pg from "pg";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, reply, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { databaseAnswers } from "../runtime.ts";
import { buildServer } from "./server.ts";
import { toErrorBody } from "./errors.ts";

let t: TestApp;
let logged: { level: number; msg: string; err?: { message?: string } }[] = [];
let server: FastifyInstance;
let owner: Member;
let postId: string;

beforeAll(async () => {
  t = await createTestApp();
  // The same services behind a server that logs, so that the test can read what it logged.
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) logged.push(JSON.parse(line));
      done();
    },
  });
  server = await buildServer({ ...t.config, logLevel: "error" }, t.services, { logger: { stream }, healthCheck: () => databaseAnswers(t.database) });
  await server.ready();
  owner = await signUp(t);
  const community = await createCommunity(t, owner);
  const thread = await startThread(t, owner, community.slug);
  postId = (await reply(t, owner, thread.id)).id;
}, 60_000);

afterAll(async () => {
  await server?.close();
  await t?.close();
});

const send = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: object) =>
  server.inject({ method, url, headers: { authorization: `Bearer ${owner.token}` }, ...(payload ? { payload } : {}) });

/** The requests under test: each reads a post and then its community's membership (discussion, reactions, moderation). */
const requests = () => [
  { what: "a post's revisions", run: () => send("GET", `/api/v1/posts/${postId}/revisions`) },
  { what: "an edit", run: () => send("PATCH", `/api/v1/posts/${postId}`, { body: "Edited while the database was failing." }) },
  { what: "a reaction", run: () => send("POST", `/api/v1/posts/${postId}/reactions`, { kind: "thanks" }) },
  { what: "a flag", run: () => send("POST", "/api/v1/flags", { targetType: "post", targetId: postId, reason: "spam" }) },
];

describe("errors that are not a not-found", () => {
  it("a database failure while checking who may read a post is a logged 500, not a 404", async () => {
    // Positive control: with the database well, the same requests reach the post.
    expect((await send("GET", `/api/v1/posts/${postId}/revisions`)).statusCode).toBe(200);
    expect((await send("GET", "/api/v1/posts/AAAAAAAAAAAAAAAA/revisions")).statusCode).toBe(404);

    await sql`alter table memberships rename column created_at to created_at_gone`.execute(t.database.db);
    const answers: { what: string; status: number; code: string }[] = [];
    try {
      for (const request of requests()) {
        logged = [];
        const response = await request.run();
        answers.push({ what: request.what, status: response.statusCode, code: response.json().error?.code });
        const errors = logged.filter((entry) => entry.level >= 50);
        expect(errors.map((e) => e.msg), request.what).toContain("request failed");
        expect(errors.some((e) => /created_at/.test(e.err?.message ?? "")), request.what).toBe(true);
      }
    } finally {
      await sql`alter table memberships rename column created_at_gone to created_at`.execute(t.database.db);
    }
    expect(answers).toEqual(requests().map((r) => ({ what: r.what, status: 500, code: "internal_error" })));

    // Nothing was half-done, and the post is still there to read and react to.
    const revisions = await send("GET", `/api/v1/posts/${postId}/revisions`);
    expect(revisions.statusCode).toBe(200);
    expect(revisions.body).not.toContain("Edited while the database was failing.");
    expect((await send("POST", `/api/v1/posts/${postId}/reactions`, { kind: "thanks" })).statusCode).toBe(201);
  });

  it("a database that cannot be reached is a 503 that says to try again, and a 404 stays a 404", async () => {
    const pool = new pg.Pool({ connectionString: "postgres://hearth@127.0.0.1:1/nowhere", connectionTimeoutMillis: 2_000 });
    const refused = await pool.query("select 1").then(
      () => null,
      (error: unknown) => error as Error,
    );
    await pool.end();
    expect(refused).toBeInstanceOf(Error);
    const answer = toErrorBody(refused!);
    expect(answer.status).toBe(503);
    expect(answer.body.code).toBe("database_unavailable");
    expect(answer.body.message).toMatch(/cannot reach its database.*try again/);

    const missing = await send("POST", "/api/v1/posts/AAAAAAAAAAAAAAAA/reactions", { kind: "thanks" });
    expect(missing.statusCode).toBe(404);
  });
});
