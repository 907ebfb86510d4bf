/**
 * The server's archive signing key (ADR 44): Ed25519 from node:crypto, made on first use
 * and kept in the data directory, or given as HEARTH_SIGNING_KEY (a PKCS#8 PEM). The
 * public key travels in the manifest; its fingerprint (SHA-256 of the SPKI DER) is what an
 * importer shows so a host can tell whose key signed what it is importing.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

export const KEY_FILE = "archive-signing-key.pem";

export type SigningKey = { privateKey: KeyObject; publicKey: string; fingerprint: string };

export class SigningKeyError extends Error {}

function describe(privateKey: KeyObject): SigningKey {
  if (privateKey.asymmetricKeyType !== "ed25519") throw new SigningKeyError("HEARTH_SIGNING_KEY must be an Ed25519 private key (PKCS#8 PEM), such as `openssl genpkey -algorithm ed25519` makes.");
  const der = createPublicKey(privateKey).export({ type: "spki", format: "der" });
  return { privateKey, publicKey: der.toString("base64"), fingerprint: fingerprintOf(der) };
}

export function fingerprintOf(spkiDer: Buffer): string {
  return createHash("sha256").update(spkiDer).digest("hex");
}

/** The key given, or the one in the data directory, made there (readable by this user only) the first time. */
export async function loadSigningKey(dataDir: string, given: string | null): Promise<SigningKey> {
  if (given) {
    try {
      return describe(createPrivateKey(given));
    } catch (error) {
      if (error instanceof SigningKeyError) throw error;
      throw new SigningKeyError("HEARTH_SIGNING_KEY is not a private key Hearth can read; give an Ed25519 key as PKCS#8 PEM (`openssl genpkey -algorithm ed25519`).");
    }
  }
  const file = path.join(dataDir, KEY_FILE);
  try {
    return describe(createPrivateKey(await fs.readFile(file, "utf8")));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const { privateKey } = generateKeyPairSync("ed25519");
  await fs.mkdir(dataDir, { recursive: true });
  // "wx": two exports starting at once must not each write a key; the loser reads the winner's.
  try {
    await fs.writeFile(file, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
    return describe(privateKey);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return describe(createPrivateKey(await fs.readFile(file, "utf8")));
  }
}

export function signManifest(key: SigningKey, manifest: Buffer): Buffer {
  return sign(null, manifest, key.privateKey);
}

/** Whether `signature` is the given public key's (base64 SPKI DER) over `manifest`; false for a key that is not one. */
export function verifyManifest(publicKeyBase64: string, manifest: Buffer, signature: Buffer): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKeyBase64, "base64"), format: "der", type: "spki" });
    if (key.asymmetricKeyType !== "ed25519") return false;
    return verify(null, manifest, key, signature);
  } catch {
    return false;
  }
}
