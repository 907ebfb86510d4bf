/**
 * What would give the clinician away, grouped by the identity it belongs to, and the
 * checks every response body goes through. A response to anyone but the clinician may
 * show at most one of the groups (the one the surface is about, usually the anonymous
 * persona) and never two: two groups in one answer is a link between them.
 */

/** The faces of one person: the account itself and each of its personas. */
export type IdentityGroup = "account" | "personal" | "professional" | "anonymous";

export const GROUPS: IdentityGroup[] = ["account", "personal", "professional", "anonymous"];

export type Needles = Record<IdentityGroup, string[]>;

export type Found = Partial<Record<IdentityGroup, string[]>>;

/** Every way a needle can be written into a body: as is, in a URL, HTML-escaped. */
function spellings(needle: string): string[] {
  const html = needle.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  return [...new Set([needle, encodeURIComponent(needle), html, needle.replace(/ /g, "+")])].map((s) => s.toLowerCase());
}

/**
 * Opaque values a client is handed (cursors) are base64url JSON: an id or a timestamp
 * inside one leaves the server just the same. Decodes every cursor-looking value so the
 * needles are searched in it too.
 */
function decodedCursors(text: string): string {
  const decoded: string[] = [];
  const candidates = text.matchAll(/(?:nextCursor"\s*:\s*"|cursor=)([A-Za-z0-9_%-]{8,})/g);
  for (const [, raw] of candidates) {
    try {
      decoded.push(Buffer.from(decodeURIComponent(raw!), "base64url").toString("utf8"));
    } catch {
      // not a cursor after all
    }
  }
  return decoded.join("\n");
}

/**
 * The times inside the cursors a text hands out. Where a list shows only the day
 * (members since, moderation dates), a cursor holding the microsecond would give back
 * what the day hid: when a personal persona joined, to match against the first post
 * of an anonymous one.
 */
export function cursorTimes(text: string): string[] {
  return decodedCursors(text)
    .split("\n")
    .flatMap((json) => {
      try {
        const value = JSON.parse(json);
        return Array.isArray(value) && typeof value[0] === "string" ? [value[0] as string] : [];
      } catch {
        return [];
      }
    });
}

/** Which identities of the clinician a text shows, and by which needle. */
export function findIdentities(text: string, needles: Needles): Found {
  const haystack = `${text}\n${decodedCursors(text)}`.toLowerCase();
  const found: Found = {};
  for (const group of GROUPS) {
    const hits = needles[group].filter((needle) => spellings(needle).some((s) => haystack.includes(s)));
    if (hits.length) found[group] = hits;
  }
  return found;
}

/** The keys a persona may carry when it is shown to someone else: no dates, no account. */
export const PUBLIC_PERSONA_KEYS = new Set(["id", "kind", "displayName", "capacity", "capacityLabel", "boundaries", "profile"]);

export type AnonymousPersona = { id: string; displayName: string };

/**
 * Walks a JSON answer for persona views. Each must keep to the public keys (so no
 * createdAt or verifiedUntil that could match two personas by the second), and the
 * anonymous persona must appear under its generated name with the anonymous capacity.
 */
export function personaShapeProblems(json: unknown, anonymous: AnonymousPersona, path = "$"): string[] {
  const problems: string[] = [];
  if (Array.isArray(json)) {
    json.forEach((item, i) => problems.push(...personaShapeProblems(item, anonymous, `${path}[${i}]`)));
    return problems;
  }
  if (json === null || typeof json !== "object") return problems;
  const object = json as Record<string, unknown>;
  // (A JSON Schema's properties, such as the OpenAPI document's request bodies with displayName and capacity fields, are not a persona.)
  const looksLikePersona = typeof object.displayName === "string" && typeof object.capacity === "string";
  if (looksLikePersona) {
    const extra = Object.keys(object).filter((k) => !PUBLIC_PERSONA_KEYS.has(k));
    if (extra.length) problems.push(`${path}: a persona view carries ${extra.join(", ")}`);
    if (object.id === anonymous.id) {
      if (object.displayName !== anonymous.displayName) problems.push(`${path}: the anonymous persona is shown as "${String(object.displayName)}"`);
      if (object.kind !== "anonymous_professional") problems.push(`${path}: the anonymous persona is shown as kind ${String(object.kind)}`);
      if (object.capacity !== "verified_clinician_anonymous") problems.push(`${path}: the anonymous persona is shown with capacity ${String(object.capacity)}`);
      if (typeof object.capacityLabel !== "string" || !object.capacityLabel.startsWith("Verified clinician, anonymous")) {
        problems.push(`${path}: the anonymous persona's badge reads "${String(object.capacityLabel)}"`);
      }
    }
  }
  for (const [key, value] of Object.entries(object)) problems.push(...personaShapeProblems(value, anonymous, `${path}.${key}`));
  return problems;
}

/**
 * In a page, every author badge with the anonymous persona's name must carry the
 * verified-anonymous badge (words and class), never another capacity.
 */
export function badgeProblems(html: string, anonymous: AnonymousPersona): string[] {
  const problems: string[] = [];
  const marker = `<span class="author-name" dir="auto">${anonymous.displayName}</span>`;
  let at = html.indexOf(marker);
  while (at !== -1) {
    const after = html.slice(at + marker.length, at + marker.length + 300);
    const badge = /<span class="badge badge-([a-z_]+)">([^<]*)<\/span>/.exec(after);
    if (!badge || badge[1] !== "verified_clinician_anonymous" || !badge[2]!.startsWith("Verified clinician, anonymous")) {
      problems.push(`the anonymous persona's name is shown with the badge ${badge ? `"${badge[2]}" (${badge[1]})` : "missing"}`);
    }
    at = html.indexOf(marker, at + marker.length);
  }
  return problems;
}
