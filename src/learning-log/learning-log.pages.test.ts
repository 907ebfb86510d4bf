/**
 * The learning log's pages, as a person uses them with JavaScript off (ADR 50): turning it on,
 * the list, an entry's form (and its problems), a manual entry, the CSV download (parsed) and the
 * printable page, which names only the name the owner chose. Guests are sent to sign in.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, reply, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { newBrowser, type Browser } from "../../test/helpers/browser-form.ts";

let t: TestApp;
let owner: Member;
let me: Member;
let browser: Browser;
let threadId: string;

beforeAll(async () => {
  t = await createTestApp({ work: true });
  owner = await signUp(t);
  me = await signUp(t, { username: `lee_${Date.now().toString(36)}` });
  const { slug } = await createCommunity(t, owner, { name: "Breathe Easy Leeds" });
  await join(t, me, slug);
  threadId = (await startThread(t, owner, slug, "general", { title: "Questions to take to my appointment" })).id;
  browser = await newBrowser(t, me);
}, 60_000);

afterAll(async () => {
  await t?.close();
});

async function settle() {
  await t.services.queue.settle();
  await new Promise((resolve) => setTimeout(resolve, 200));
}

/** RFC 4180: quoted cells may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\r" && text[i + 1] === "\n") row.push(cell), rows.push(row), (row = []), (cell = ""), i++;
    else cell += c;
  }
  return rows;
}

const entryIds = async (who: Member) => ((await t.request({ method: "GET", url: "/api/v1/me/learning-log?limit=100", token: who.token })).json().items as { id: string; title: string }[]);

describe("the learning log's pages", () => {
  it("sends a guest to sign in from every page of the log", async () => {
    const guest = await newBrowser(t);
    for (const url of ["/me/learning-log", "/me/learning-log/new", "/me/learning-log/print", "/me/learning-log/export.csv", "/me/learning-log/AAAAAAAAAAAAAAAA"]) {
      const response = await guest.get(url);
      expect(response.statusCode, url).toBe(303);
      expect(response.headers.location, url).toMatch(/^\/signin\?next=/);
    }
  });

  it("is linked from the account page", async () => {
    expect((await browser.get("/account")).body).toContain('href="/me/learning-log"');
  });

  it("turns the log on with a name to print, and then lists a reply", async () => {
    expect((await browser.get("/me/learning-log")).body).toContain("Your learning log is off");
    const saved = await browser.post("/me/learning-log/settings", { enabled: "yes", printName: "Lee Example, RGN" });
    expect(saved.statusCode, saved.body).toBe(303);
    await reply(t, me, threadId, "Bring a written list, and ask your own team to check your inhaler technique.");
    await settle();
    const page = await browser.get(saved.headers.location as string);
    expect(page.body).toContain("Your learning log is on");
    expect(page.body).toContain("Questions to take to my appointment");
    expect(page.body).toContain("Took part in a thread");
    expect(page.body).toContain("estimated");
    expect(page.body).toContain('href="/me/learning-log/print"');
    expect(page.body).toMatch(/<a href="\/me\/learning-log\/export.csv"[^>]*>Download your log as a spreadsheet \(CSV\)<\/a>/);
  });

  it("refuses a name to print that is too long, and keeps what was typed", async () => {
    const response = await browser.post("/me/learning-log/settings", { enabled: "yes", printName: "L".repeat(121) });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain("There is a problem");
    expect((await t.request({ method: "GET", url: "/api/v1/me/learning-log/settings", token: me.token })).json().printName).toBe("Lee Example, RGN");
  });

  it("saves minutes and a reflection from the entry's form, and says what is wrong with bad input without saving it", async () => {
    const [entry] = await entryIds(me);
    const url = `/me/learning-log/${entry!.id}`;
    const form = await browser.get(url);
    expect(form.body).toContain("Hearth estimated");
    const bad = await browser.post(url, { minutes: "lots", whatHappened: "Answered about appointments.", whatLearned: "", whatNext: "" });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("There is a problem");
    expect(bad.body).toContain('href="#field-minutes"');
    expect(bad.body).toContain("Answered about appointments.");
    const tooLong = await browser.post(url, { minutes: "1441", whatHappened: "", whatLearned: "", whatNext: "" });
    expect(tooLong.statusCode).toBe(400);
    expect((await entryIds(me)).find((e) => e.id === entry!.id)).toEqual(entry);

    const saved = await browser.post(url, { minutes: "20", whatHappened: "Answered about appointments.", whatLearned: "A list helps people ask.", whatNext: "Suggest a list sooner." });
    expect(saved.statusCode, saved.body).toBe(303);
    const after = await browser.get(saved.headers.location as string);
    expect(after.body).toContain("The entry is saved.");
    expect(after.body).toContain("your own time");
    expect(after.body).toContain("A list helps people ask.");
  });

  it("adds a manual entry from its form", async () => {
    expect((await browser.get("/me/learning-log/new")).statusCode).toBe(200);
    const missing = await browser.post("/me/learning-log", { title: "", date: "", minutes: "", whatHappened: "", whatLearned: "", whatNext: "" });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain("Say what the entry is about.");
    // A title a spreadsheet would run as a formula, for the CSV below.
    const added = await browser.post("/me/learning-log", { title: '=HYPERLINK("http://evil.example","Click")', date: "2026-11-20", minutes: "60", whatHappened: "", whatLearned: "-1 is not a dose", whatNext: "" });
    expect(added.statusCode, added.body).toBe(303);
    expect((await browser.get(added.headers.location as string)).body).toContain("The entry is added to your log.");
  });

  it("gives someone else the same 404 for the entry's page and its form", async () => {
    const [entry] = await entryIds(me);
    const other = await newBrowser(t, owner);
    expect((await other.get(`/me/learning-log/${entry!.id}`)).statusCode).toBe(404);
    await other.get("/me/learning-log");
    expect((await other.post(`/me/learning-log/${entry!.id}`, { minutes: "5", whatHappened: "", whatLearned: "", whatNext: "" })).statusCode).toBe(404);
    expect((await other.post(`/me/learning-log/${entry!.id}/delete`, {})).statusCode).toBe(404);
    expect((await other.get("/me/learning-log")).body).not.toContain("Questions to take to my appointment");
    expect(await entryIds(me)).toContainEqual(entry);
  });

  it("downloads the log as a CSV a spreadsheet opens safely", async () => {
    const response = await browser.get("/me/learning-log/export.csv");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(response.headers["content-disposition"]).toBe('attachment; filename="learning-log.csv"');
    expect(response.body.startsWith("\uFEFF")).toBe(true);
    const [header, ...rows] = parseCsv(response.body.slice(1));
    expect(header).toEqual(["Date", "Kind", "Title", "Community", "Link", "Minutes", "Time", "What happened", "What I learned", "What I will do differently"]);
    expect(rows).toHaveLength(2);
    // Oldest first: the manual entry of 20 November, then the reply.
    expect(rows[0]).toEqual(["2026-11-20", "Your own entry", `'=HYPERLINK("http://evil.example","Click")`, "", "", "60", "your own time", "", "'-1 is not a dose", ""]);
    expect(rows[1]!.slice(1, 8)).toEqual(["Took part in a thread", "Questions to take to my appointment", "Breathe Easy Leeds", `http://hearth.test/t/${threadId}`, "20", "your own time", "Answered about appointments."]);
    // The API gives the same file.
    const api = await t.request({ method: "GET", url: "/api/v1/me/learning-log?format=csv", token: me.token });
    expect(api.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(api.body).toBe(response.body);
  });

  it("prints the log with the chosen name, the headings of each entry and the total, and never the username", async () => {
    const page = await browser.get("/me/learning-log/print");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Lee Example, RGN");
    expect(page.body).not.toContain(me.username);
    expect(page.body).not.toContain(me.displayName);
    expect(page.body).toContain("<h1>Learning log</h1>");
    expect(page.body.match(/What I will do differently/g)).toHaveLength(2);
    expect(page.body).toContain("Suggest a list sooner.");
    // 60 + 20 minutes.
    expect(page.body).toContain("1.3 (1 h 20 min)");
    // A page of its own: no site header (it names the signed-in username); the links back are not printed.
    expect(page.body).not.toContain('class="site-header"');
    expect(page.body).toContain('class="print-hide"');
  });

  it("prints a blank line for the name when the owner chose none, and speaks Welsh to a Welsh reader", async () => {
    await browser.post("/me/learning-log/settings", { enabled: "yes", printName: "" });
    const page = await t.request({ method: "GET", url: "/me/learning-log/print", token: me.token, headers: { "accept-language": "cy" } });
    expect(page.body).toContain('class="write-in"');
    expect(page.body).not.toContain("Lee Example, RGN");
    expect(page.body).toContain("Log dysgu");
    expect(page.body).toContain("Beth ddysgais i");
  });
});
