/**
 * A real OpenID Connect provider for tests: `oidc-provider` (v8, the newest major
 * that supports Node 20) on a free 127.0.0.1 port, with one confidential client
 * (client_secret_basic, PKCE required) and its development login and consent pages.
 * `signIn` plays the browser at the provider: it follows redirects with its own
 * cookie jar, signs in as the given subject, consents, and returns the address the
 * provider sends the browser back to (Hearth's callback with code and state).
 *
 * A second small server serves pictures for the `picture` claim.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export type ProfileClaims = { name?: string; picture?: string; profile?: string };

export type TestProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The base of the picture server, e.g. http://127.0.0.1:1234. */
  pictures: string;
  /** Sets the claims the provider gives for a subject. */
  setProfile: (subject: string, claims: ProfileClaims) => void;
  /** Signs in at the provider as `subject`, starting from Hearth's redirect; returns the callback address. */
  signIn: (authorizationUrl: string, subject: string) => Promise<string>;
  close: () => Promise<void>;
};

/** A 1×1 PNG. */
export const TINY_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

function pictureServer(): http.Server {
  return http.createServer((request, response) => {
    switch (request.url) {
      case "/ann.png":
        response.writeHead(200, { "content-type": "image/png", "content-length": TINY_PNG.length });
        return response.end(TINY_PNG);
      case "/huge.png": {
        const body = Buffer.concat([TINY_PNG, Buffer.alloc(1536 * 1024)]);
        response.writeHead(200, { "content-type": "image/png" });
        return response.end(body);
      }
      case "/page.html":
        response.writeHead(200, { "content-type": "text/html" });
        return response.end("<!doctype html><p>not a picture</p>");
      case "/pretend.png":
        response.writeHead(200, { "content-type": "image/png" });
        return response.end("<svg xmlns='http://www.w3.org/2000/svg'/>");
      default:
        response.writeHead(404);
        return response.end();
    }
  });
}

export async function startTestProvider(options: { redirectUri: string }): Promise<TestProvider> {
  const clientId = "hearth-test";
  const clientSecret = randomBytes(24).toString("base64url");
  const profiles = new Map<string, ProfileClaims>();

  const pictures = pictureServer();
  const picturesPort = await listen(pictures);

  // Listen first, so the issuer can carry the port the provider is really on.
  const server = http.createServer();
  const port = await listen(server);
  const issuer = `http://127.0.0.1:${port}`;
  const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        token_endpoint_auth_method: "client_secret_basic",
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    pkce: { methods: ["S256"], required: () => true },
    features: { devInteractions: { enabled: true } },
    claims: { openid: ["sub"], profile: ["name", "picture", "profile"] },
    jwks: { keys: [{ ...signingKey, kid: "test", use: "sig", alg: "RS256" }] as never },
    cookies: { keys: [randomBytes(16).toString("hex")] },
    findAccount: async (_ctx, subject) => ({
      accountId: subject,
      claims: async () => ({ sub: subject, ...(profiles.get(subject) ?? {}) }),
    }),
  });
  server.on("request", provider.callback());

  async function signIn(authorizationUrl: string, subject: string): Promise<string> {
    const jar = new Map<string, string>();
    const send = async (url: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      if (jar.size) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
      const response = await fetch(url, { ...init, headers, redirect: "manual" });
      for (const cookie of response.headers.getSetCookie()) {
        const [pair] = cookie.split(";");
        const at = pair!.indexOf("=");
        const name = pair!.slice(0, at).trim();
        const value = pair!.slice(at + 1).trim();
        if (!value || /expires=Thu, 01 Jan 1970/i.test(cookie)) jar.delete(name);
        else jar.set(name, value);
      }
      return response;
    };
    let url = authorizationUrl;
    for (let step = 0; step < 12; step++) {
      let response = await send(url);
      if (response.status === 200 && new URL(url).pathname.startsWith("/interaction/")) {
        const page = await response.text();
        const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
        const body = prompt === "login" ? new URLSearchParams({ prompt, login: subject, password: "any" }) : new URLSearchParams({ prompt: prompt ?? "" });
        response = await send(url, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } });
      }
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || !location) {
        throw new Error(`The provider answered ${response.status} at ${url}: ${(await response.text()).slice(0, 500)}`);
      }
      url = new URL(location, url).href;
      if (url.startsWith(options.redirectUri)) return url;
    }
    throw new Error("The provider kept redirecting without coming back to Hearth.");
  }

  return {
    issuer,
    clientId,
    clientSecret,
    pictures: `http://127.0.0.1:${picturesPort}`,
    setProfile: (subject, claims) => profiles.set(subject, claims),
    signIn,
    close: async () => {
      server.closeAllConnections();
      pictures.closeAllConnections();
      await Promise.all([new Promise((r) => server.close(r)), new Promise((r) => pictures.close(r))]);
    },
  };
}
