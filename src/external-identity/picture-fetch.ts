/**
 * Fetches a chosen profile picture once, on the server, so that Hearth can serve it
 * from its own address and readers' browsers never ask a third party for it.
 *
 * The address comes from the provider, and a provider may let people set it, so the
 * fetch is fenced in: http(s) only, no addresses inside private networks (unless the
 * provider itself runs on this machine), a short timeout, at most 1 MB, a few
 * redirects, and only PNG, JPEG, WebP or GIF whose first bytes agree with the type.
 */
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import ipaddr from "ipaddr.js";
import type { PictureContentType } from "../db/schema.ts";
import { msg, type Message } from "../shared/i18n/message.ts";
import { english } from "../shared/i18n/translator.ts";

export const MAX_PICTURE_BYTES = 1024 * 1024;
const TIMEOUT_MS = 8_000;
const MAX_REDIRECTS = 3;

/** Why a picture could not be copied, as a short reason said inside a sentence in the reader's language. */
export class PictureFetchError extends Error {
  constructor(readonly said: Message) {
    super(english().say(said));
  }
}

export type FetchedPicture = { contentType: PictureContentType; bytes: Uint8Array };

export type PictureFetchOptions = { allowPrivateAddresses: boolean; maxBytes?: number; timeoutMs?: number };

/**
 * Whether an IP address is anything but an ordinary public one: private, loopback, link-local,
 * carrier-grade NAT, multicast, reserved, or a form that carries another address (6to4, Teredo,
 * NAT64). The ranges are ipaddr.js's, kept current with the IANA registries, not a list of ours;
 * an IPv4 address written as IPv6 (`::ffff:127.0.0.1`) is judged as the IPv4 address it is.
 */
export function isPrivateAddress(address: string): boolean {
  if (net.isIP(address) === 0) return true;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() !== "unicast";
}

const ALLOWED: Record<string, PictureContentType> = {
  "image/png": "image/png",
  "image/jpeg": "image/jpeg",
  "image/jpg": "image/jpeg",
  "image/webp": "image/webp",
  "image/gif": "image/gif",
};

/** The image type the first bytes show, if it is one we take. */
export function sniffImage(bytes: Uint8Array): PictureContentType | null {
  const starts = (...values: number[]) => values.every((v, i) => bytes[i] === v);
  const ascii = (offset: number, text: string) => [...text].every((c, i) => bytes[offset + i] === c.charCodeAt(0));
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (ascii(0, "GIF87a") || ascii(0, "GIF89a")) return "image/gif";
  if (ascii(0, "RIFF") && ascii(8, "WEBP")) return "image/webp";
  return null;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** A DNS lookup that refuses private addresses at connection time, so a name cannot be re-pointed after a check. */
function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as dns.LookupAddress[];
      if (!allowPrivate && list.some((a) => isPrivateAddress(a.address))) {
        return callback(new PictureFetchError(msg("pictureFetch.privateNetwork")) as NodeJS.ErrnoException, []);
      }
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(new PictureFetchError(msg("pictureFetch.noServer")) as NodeJS.ErrnoException, []);
      return callback(null, first.address, first.family);
    });
  };
}

function getOnce(url: URL, options: Required<PictureFetchOptions>, signal: AbortSignal): Promise<{ redirect: string } | FetchedPicture> {
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (net.isIP(host) && !options.allowPrivateAddresses && isPrivateAddress(host)) {
      reject(new PictureFetchError(msg("pictureFetch.privateNetwork")));
      return;
    }
    const get = url.protocol === "https:" ? https.get : http.get;
    const request = get(url, { lookup: guardedLookup(options.allowPrivateAddresses) as never, signal, headers: { accept: "image/png, image/jpeg, image/webp, image/gif" } }, (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location) {
        response.resume();
        resolve({ redirect: response.headers.location });
        return;
      }
      if (status !== 200) {
        response.resume();
        reject(new PictureFetchError(msg("pictureFetch.answered", { status: String(status) })));
        return;
      }
      const declared = ALLOWED[(response.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase()];
      if (!declared) {
        response.resume();
        reject(new PictureFetchError(msg("pictureFetch.notPicture")));
        return;
      }
      const length = Number(response.headers["content-length"] ?? 0);
      if (length > options.maxBytes) {
        response.destroy();
        reject(new PictureFetchError(msg("pictureFetch.tooLarge")));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          response.destroy();
          reject(new PictureFetchError(msg("pictureFetch.tooLarge")));
          return;
        }
        chunks.push(chunk);
      });
      response.on("error", (error) => reject(error));
      response.on("end", () => {
        if (size > options.maxBytes) return;
        const bytes = new Uint8Array(Buffer.concat(chunks));
        if (sniffImage(bytes) !== declared) {
          reject(new PictureFetchError(msg("pictureFetch.notPicture")));
          return;
        }
        resolve({ contentType: declared, bytes });
      });
    });
    request.on("error", (error) => reject(error));
  });
}

/** Fetches a picture within the limits above; a PictureFetchError says in words why not. */
export async function fetchPicture(address: string, options: PictureFetchOptions): Promise<FetchedPicture> {
  const settings = { maxBytes: MAX_PICTURE_BYTES, timeoutMs: TIMEOUT_MS, ...options };
  const signal = AbortSignal.timeout(settings.timeoutMs);
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new PictureFetchError(msg("pictureFetch.notWebAddress"));
  }
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new PictureFetchError(msg("pictureFetch.notWebAddress"));
    let result: Awaited<ReturnType<typeof getOnce>>;
    try {
      result = await getOnce(url, settings, signal);
    } catch (error) {
      if (error instanceof PictureFetchError) throw error;
      if (signal.aborted) throw new PictureFetchError(msg("pictureFetch.tooSlow"));
      const cause = (error as { cause?: unknown }).cause;
      if (cause instanceof PictureFetchError) throw cause;
      throw new PictureFetchError(msg("pictureFetch.unreachable"));
    }
    if (!("redirect" in result)) return result;
    url = new URL(result.redirect, url);
  }
  throw new PictureFetchError(msg("pictureFetch.tooManyRedirects"));
}
