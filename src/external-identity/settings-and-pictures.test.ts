/**
 * The OpenID Connect settings (all of them or none, said in a sentence), Hearth with
 * them unset, and the fence around fetching a chosen picture.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { signUp } from "../../test/helpers/factories.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";
import { TINY_PNG } from "../../test/helpers/oidc-provider.ts";
import { fetchPicture, isPrivateAddress, PictureFetchError } from "./picture-fetch.ts";

const full = {
  HEARTH_OIDC_ISSUER: "https://auth.example.org",
  HEARTH_OIDC_CLIENT_ID: "hearth",
  HEARTH_OIDC_CLIENT_SECRET: "a secret",
};

describe("OpenID Connect settings", () => {
  it("is off when none is set, and builds the redirect address from HEARTH_PUBLIC_URL when all are", () => {
    expect(loadConfig({}).oidc).toBeNull();
    const config = loadConfig({ ...full, HEARTH_PUBLIC_URL: "https://hearth.example.org/", HEARTH_OIDC_NAME: "NHS login" });
    expect(config.oidc).toEqual({ ...{ issuer: full.HEARTH_OIDC_ISSUER, clientId: "hearth", clientSecret: "a secret" }, name: "NHS login", redirectUri: "https://hearth.example.org/auth/oidc/callback" });
    expect(loadConfig(full).oidc?.name).toBe("auth.example.org");
  });

  it("stops start-up with a sentence naming what is missing or wrong", () => {
    expect(() => loadConfig({ HEARTH_OIDC_ISSUER: full.HEARTH_OIDC_ISSUER, HEARTH_OIDC_CLIENT_ID: "hearth" })).toThrow(/HEARTH_OIDC_CLIENT_SECRET is not set/);
    expect(() => loadConfig({ HEARTH_OIDC_NAME: "NHS login" })).toThrow(/HEARTH_OIDC_NAME is set, but sign-in with another provider is off/);
    expect(() => loadConfig({ ...full, HEARTH_OIDC_ISSUER: "not a url" })).toThrow(/must be the provider's issuer URL/);
    expect(() => loadConfig({ ...full, HEARTH_OIDC_ISSUER: "http://auth.example.org" })).toThrow(/must start with https:\/\//);
    expect(loadConfig({ ...full, HEARTH_OIDC_ISSUER: "http://127.0.0.1:4000" }).oidc?.issuer).toBe("http://127.0.0.1:4000");
  });
});

describe("Hearth with no provider set", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it("shows no provider button, has no provider routes, and lists no linked accounts", async () => {
    const browser = await newBrowser(t);
    const signin = await browser.get("/signin");
    expect(signin.statusCode).toBe(200);
    expect(signin.body).not.toContain("/auth/oidc/start");
    expect((await browser.get("/auth/oidc/start?intent=signin")).statusCode).toBe(404);
    expect((await browser.get("/auth/oidc/callback?code=a&state=b")).statusCode).toBe(404);
    const member = await signUp(t);
    const list = await t.request({ method: "GET", url: "/api/v1/me/linked-accounts", token: member.token });
    expect(list.json()).toEqual({ items: [], nextCursor: null });
    const settings = await (await newBrowser(t, member)).get("/settings/linked-accounts");
    expect(settings.body).not.toContain("Link a ");
  });
});

describe("fetching a chosen picture", () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      if (request.url === "/ok.png") return response.writeHead(200, { "content-type": "image/png" }).end(TINY_PNG);
      if (request.url === "/moved") return response.writeHead(302, { location: "/ok.png" }).end();
      if (request.url === "/svg-as-png") return response.writeHead(200, { "content-type": "image/png" }).end("<svg xmlns='http://www.w3.org/2000/svg'/>");
      if (request.url === "/page") return response.writeHead(200, { "content-type": "text/html" }).end("<p>hello</p>");
      if (request.url === "/slow") return setTimeout(() => response.writeHead(200, { "content-type": "image/png" }).end(TINY_PNG), 2000);
      return response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const local = { allowPrivateAddresses: true };

  it("copies a PNG, following a redirect", async () => {
    const picture = await fetchPicture(`${base}/moved`, local);
    expect(picture.contentType).toBe("image/png");
    expect(Buffer.from(picture.bytes).equals(TINY_PNG)).toBe(true);
  });

  it("refuses what is not a picture, or only says it is one", async () => {
    await expect(fetchPicture(`${base}/page`, local)).rejects.toThrow("it is not a PNG, JPEG, WebP or GIF picture");
    await expect(fetchPicture(`${base}/svg-as-png`, local)).rejects.toThrow("it is not a PNG, JPEG, WebP or GIF picture");
    await expect(fetchPicture("file:///etc/passwd", local)).rejects.toThrow("its address is not a web address");
  });

  it("gives up on a slow server and refuses private addresses unless the provider itself is local", async () => {
    await expect(fetchPicture(`${base}/slow`, { ...local, timeoutMs: 300 })).rejects.toThrow("its server took too long to answer");
    await expect(fetchPicture(`${base}/ok.png`, { allowPrivateAddresses: false })).rejects.toBeInstanceOf(PictureFetchError);
    await expect(fetchPicture(`http://localhost:${new URL(base).port}/ok.png`, { allowPrivateAddresses: false })).rejects.toThrow("inside a private network");
    expect(["10.1.2.3", "169.254.169.254", "::1", "fd00::1", "::ffff:127.0.0.1"].map(isPrivateAddress)).toEqual([true, true, true, true, true]);
    expect(["93.184.216.34", "2606:4700::1111"].map(isPrivateAddress)).toEqual([false, false]);
  });
});
