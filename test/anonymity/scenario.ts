/**
 * The story the anonymity suite checks, told through the real API: a verified
 * clinician joins a public community and, as their anonymous persona only, starts a
 * thread, replies, reacts, edits, is mentioned and notified, is flagged and moderated.
 * Everyone else involved is an ordinary account. Every write is checked for its
 * status here, so the sweep afterwards looks at a world that really happened.
 */
import { expect } from "vitest";
import type { LightMyRequestResponse } from "fastify";
import type { TestApp } from "../helpers/test-app.ts";
import { createCommunity, createSpace, join, setRole, signUp, type Member } from "../helpers/factories.ts";
import { addPersona, applyAsClinician, decideApplication, signedInAdmin } from "../helpers/clinician-fixtures.ts";
import { newBrowser } from "../helpers/browser-form.ts";
import type { TestProvider } from "../helpers/oidc-provider.ts";
import type { Needles } from "./identities.ts";

export const CLINICIAN = {
  username: "dr_secret_ann",
  email: "ann.secret@example.org",
  personalName: "Annie Personal",
  professionalName: "Ann Professional-Name",
  application: { profession: "Nurse", register: "NMC", registrationNumber: "07Q9182K", specialty: "Respiratory nurse" },
  /** Stated on the professional persona only: a boundary kept per account would show it beside the anonymous one. */
  professionalAvailability: "Answers on Mondays after clinic",
  anonymousAvailability: "Answers when the ward is quiet",
  /** The anonymous persona's capacity, from the vocabulary: a field many share, not the specialty's words (ADR 20). */
  anonymousCapacity: { key: "nursing", label: "Nursing" },
  /** The account at the OpenID Connect provider, and what it offers to draw across (onto the professional persona). */
  provider: { subject: "sub-ann-secret-7731", name: "Ann Realname-Oidc", profile: "https://example.org/ann-secret-profile" },
} as const;

/** The owner gives an email, so a request to join their approval community is mailed (the only mail Hearth sends today). */
export const OWNER_EMAIL = "owner.breathing@example.org";

/** Words that occur only in what the anonymous persona wrote (and one only before its edit). */
export const WORDS = {
  threadTitle: "Pacing breathlessness on the ward",
  beforeEdit: "zephyrine",
  afterEdit: "quillwort",
  hiddenReply: "marmalade",
  keptReply: "tangerine",
  mention: "kumquat",
} as const;

export type Scenario = {
  admin: Member;
  secondAdmin: Member;
  owner: Member;
  moderator: Member;
  member: Member;
  clinician: Member & { personalId: string; professionalId: string; anonymousId: string; anonymousName: string };
  community: { slug: string; name: string };
  /** A second community, joined by approval, where the clinician's request waits. */
  approvalCommunity: { slug: string; name: string };
  /**
   * The server's clinicians' network, which sees its members by their professional
   * persona: the clinician is in it that way, and its anonymous persona asks there.
   */
  network: { slug: string; space: string; threadId: string; postId: string };
  /** Another verified clinician, in the network: they can read what the anonymous persona asks there. */
  colleague: Member;
  /** The professional persona's picture, copied from the provider and served by Hearth. */
  professionalPictureUrl: string;
  spaces: { general: string; ward: string };
  threads: { member: string; anonymous: string };
  /** The poll the clinician asked in the anonymous persona's thread; the member and the clinician voted in it. */
  poll: string;
  /** The owner's event in the ward's space: the clinician said "going" as the anonymous persona, the member too. */
  event: string;
  /**
   * The member's question on oxygen, routed to the anonymous persona's expertise (the only match), answered by
   * it and accepted; the member endorsed the anonymous persona. `answer` is the anonymous persona's reply.
   */
  question: string;
  answer: string;
  posts: {
    memberOpening: string;
    anonymousOpening: string;
    anonymousHiddenReply: string;
    anonymousReply: string;
    mention: string;
  };
  flags: { post: string; thread: string; persona: string };
  breakGlassId: string;
  /** The entry the anonymous persona's answer made in the clinician's own learning log (ADR 50): theirs alone. */
  learningLogEntry: string;
  /** What the personal persona was called before it was renamed (the name sign-up made up). */
  personalNameBeforeRename: string;
  /** Answers the moderator, the member and others got to their own writes about the clinician. */
  writeAnswers: { label: string; response: LightMyRequestResponse }[];
};

export function needlesOf(s: Scenario): Needles {
  return {
    account: [s.clinician.id, CLINICIAN.username, CLINICIAN.email, CLINICIAN.application.registrationNumber, CLINICIAN.provider.subject],
    personal: [s.clinician.personalId, CLINICIAN.personalName],
    professional: [
      s.clinician.professionalId,
      CLINICIAN.professionalName,
      "Professional-Name",
      CLINICIAN.professionalAvailability,
      CLINICIAN.provider.name,
      CLINICIAN.provider.profile,
      s.professionalPictureUrl,
    ],
    anonymous: [s.clinician.anonymousId, s.clinician.anonymousName, CLINICIAN.anonymousAvailability],
  };
}

function ok(response: LightMyRequestResponse, status: number) {
  expect(response.statusCode, response.body).toBe(status);
  return response;
}

/**
 * Links the clinician's account at the provider (the browser flow: Hearth, the
 * provider's sign-in and consent, back to Hearth, the choices page) and draws the
 * name, picture and profile link across onto the professional persona.
 */
async function linkProviderToProfessional(t: TestApp, provider: TestProvider, clinician: Member, professionalId: string) {
  provider.setProfile(CLINICIAN.provider.subject, { name: CLINICIAN.provider.name, picture: `${provider.pictures}/ann.png`, profile: CLINICIAN.provider.profile });
  const browser = await newBrowser(t, clinician);
  const started = await browser.get("/auth/oidc/start?intent=link");
  expect(started.statusCode, started.body).toBe(303);
  const back = new URL(await provider.signIn(started.headers.location as string, CLINICIAN.provider.subject));
  const returned = await browser.get(back.pathname + back.search);
  expect(returned.headers.location, returned.body).toBe("/auth/oidc/link");
  ok(await browser.get("/auth/oidc/link"), 200);
  const saved = await browser.post("/auth/oidc/link", {
    name: "yes",
    name_persona: professionalId,
    picture: "yes",
    picture_persona: professionalId,
    profile_link: "yes",
    profile_link_persona: professionalId,
  });
  expect(saved.statusCode, saved.body).toBe(303);
  const shown = ok(await t.request({ method: "GET", url: `/api/v1/personas/${professionalId}` }), 200).json();
  expect(shown.profile).toMatchObject({ name: CLINICIAN.provider.name, profileLink: CLINICIAN.provider.profile });
  return shown.profile.pictureUrl as string;
}

export async function buildScenario(t: TestApp, provider: TestProvider): Promise<Scenario> {
  const call = (token: string | undefined, method: "GET" | "POST" | "PATCH" | "PUT", url: string, payload?: object) =>
    t.request({ method, url, ...(token ? { token } : {}), ...(payload ? { payload } : {}) });
  const settle = () => t.services.queue.settle();
  const writeAnswers: Scenario["writeAnswers"] = [];

  const admin = await signedInAdmin(t);
  const secondAdmin = await signedInAdmin(t);
  const owner = await signUp(t, { email: OWNER_EMAIL, emailVerified: true });
  const moderator = await signUp(t);
  const member = await signUp(t);

  const community = await createCommunity(t, owner, { name: "Breathing easier together" });
  const ward = await createSpace(t, owner, community.slug, "public", "ward-talk");
  await join(t, moderator, community.slug);
  await setRole(t, owner, community.slug, moderator, "moderator");
  await join(t, member, community.slug);

  // The clinician: an account with a username and email that must never show. It sends
  // no display name, so its personal persona starts with a made-up one (never the username).
  const account = await signUp(t, { username: CLINICIAN.username, email: CLINICIAN.email, displayName: null });
  await join(t, account, community.slug);
  const personalBefore = ok(await call(undefined, "GET", `/api/v1/personas/${account.personaId}`), 200).json();
  await decideApplication(t, admin, await applyAsClinician(t, account, CLINICIAN.application), "approve");
  const professional = await addPersona(t, account, "professional", CLINICIAN.professionalName);
  const anonymous = await addPersona(t, account, "anonymous_professional", undefined, CLINICIAN.anonymousCapacity.key);
  ok(await call(account.token, "PATCH", `/api/v1/personas/${account.personaId}`, { displayName: CLINICIAN.personalName }), 200);
  // Boundaries, each persona its own; and the provider's name, picture and link on the professional persona only.
  ok(await call(account.token, "PATCH", `/api/v1/personas/${professional.id}`, { acceptsPatientMessages: true, availability: CLINICIAN.professionalAvailability }), 200);
  ok(await call(account.token, "PATCH", `/api/v1/personas/${anonymous.id}`, { acceptsPatientMessages: false, availability: CLINICIAN.anonymousAvailability }), 200);
  const professionalPictureUrl = await linkProviderToProfessional(t, provider, account, professional.id);
  // A request to join a community that approves its members: it waits, and the owner is mailed.
  const approvalCommunity = await createCommunity(t, owner, { name: "Carers of people on oxygen", joinPolicy: "approval" });
  expect((await join(t, account, approvalCommunity.slug)).status).toBe("pending");
  const clinician = { ...account, personalId: account.personaId, professionalId: professional.id, anonymousId: anonymous.id, anonymousName: anonymous.displayName };
  const asAnonymous = { personaId: anonymous.id };

  // The clinicians' network, started by the administrator; the clinician and a colleague join it.
  const network = ok(await call(admin.token, "POST", "/api/v1/admin/clinician-network"), 201).json();
  ok(await call(admin.token, "POST", `/api/v1/communities/${network.slug}/spaces`, { slug: "ask-colleagues", name: "Ask colleagues", visibility: "clinicians" }), 201);
  const colleague = await signUp(t);
  await decideApplication(t, admin, await applyAsClinician(t, colleague), "approve");
  await addPersona(t, colleague, "professional", "Dr Colleague Example");
  await join(t, colleague, network.slug);
  await join(t, account, network.slug);
  const networkThread = ok(
    await call(clinician.token, "POST", `/api/v1/communities/${network.slug}/spaces/ask-colleagues/threads`, {
      title: "Night shifts and breathlessness",
      body: "How do colleagues pace a night shift with a breathless patient?",
      ...asAnonymous,
    }),
    201,
  ).json();

  // The clinician keeps a learning log: the anonymous answers below are in it, and nobody else may see it.
  ok(await call(clinician.token, "PUT", "/api/v1/me/learning-log/settings", { enabled: true, printName: CLINICIAN.professionalName }), 200);

  // The member asks; the anonymous clinician answers twice and starts a thread of its own.
  const memberThread = ok(
    await call(member.token, "POST", `/api/v1/communities/${community.slug}/spaces/general/threads`, { title: "Cold mornings", body: "How do you cope with cold mornings?" }),
    201,
  ).json();
  const hiddenReply = ok(
    await call(clinician.token, "POST", `/api/v1/threads/${memberThread.id}/posts`, { body: `A spoon of ${WORDS.hiddenReply} before breathing exercises cures it.`, ...asAnonymous }),
    201,
  ).json();
  const keptReply = ok(
    await call(clinician.token, "POST", `/api/v1/threads/${memberThread.id}/posts`, { body: `Warm the air first: a scarf helps, and a ${WORDS.keptReply} tea.`, ...asAnonymous }),
    201,
  ).json();
  // The job's own door, called here so the entry exists whether or not a worker ran.
  await t.services.learningLog.recordReply(keptReply.id);
  const learningLogEntry = ok(await call(clinician.token, "GET", "/api/v1/me/learning-log"), 200).json().items[0].id as string;
  const anonymousThread = ok(
    await call(clinician.token, "POST", `/api/v1/communities/${community.slug}/spaces/${ward.slug}/threads`, {
      title: WORDS.threadTitle,
      body: `Original wording: try the ${WORDS.beforeEdit} technique.`,
      ...asAnonymous,
    }),
    201,
  ).json();
  // The clinician asks a poll in the anonymous persona's thread and votes in it; so does the member.
  const poll = ok(await call(clinician.token, "POST", `/api/v1/threads/${anonymousThread.id}/poll`, { question: "Which pacing technique helps?", options: ["Stairs", "Walking"] }), 201).json();
  writeAnswers.push({ label: "the clinician's vote in the poll of the anonymous persona's thread", response: ok(await call(clinician.token, "POST", `/api/v1/polls/${poll.id}/votes`, { options: [0] }), 201) });
  writeAnswers.push({ label: "the member's vote in the poll of the anonymous persona's thread", response: ok(await call(member.token, "POST", `/api/v1/polls/${poll.id}/votes`, { options: [1] }), 201) });
  // The owner organises an event; the clinician answers as the anonymous persona, the member as themselves.
  const event = ok(
    await call(owner.token, "POST", `/api/v1/communities/${community.slug}/events`, {
      title: "Pacing walk",
      startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 7 * 86_400_000 + 3_600_000).toISOString(),
      mode: "in_person",
      location: "The park gates",
      space: ward.slug,
    }),
    201,
  ).json();
  writeAnswers.push({ label: "the clinician's answer (as the anonymous persona) to the owner's event", response: ok(await call(clinician.token, "POST", `/api/v1/events/${event.id}/rsvp`, { status: "going", ...asAnonymous }), 200) });
  writeAnswers.push({ label: "the member's answer to the owner's event", response: ok(await call(member.token, "POST", `/api/v1/events/${event.id}/rsvp`, { status: "going" }), 200) });
  writeAnswers.push({
    label: "the clinician's thanks (as the anonymous persona) to the member's post",
    response: ok(await call(clinician.token, "POST", `/api/v1/posts/${memberThread.postId}/reactions`, { kind: "thanks", ...asAnonymous }), 201),
  });
  ok(await call(clinician.token, "PATCH", `/api/v1/posts/${anonymousThread.postId}`, { body: `Edited wording: try the ${WORDS.afterEdit} pacing technique.` }), 200);
  // The edge network (ADR 49): the anonymous persona's expertise is routed a question, answers it, is accepted and endorsed.
  ok(await call(clinician.token, "PUT", "/api/v1/me/expertise", { topics: ["oxygen"], basis: "both", ...asAnonymous }), 200);
  const question = ok(await call(member.token, "POST", `/api/v1/communities/${community.slug}/questions`, { title: "Oxygen at night", body: "Is a concentrator loud?", topics: ["Oxygen"] }), 201).json();
  expect(question.routedCount).toBe(1);
  const answered = ok(await call(clinician.token, "POST", `/api/v1/questions/${question.id}/answers`, { body: "Most hum quietly; a rug under it helps.", ...asAnonymous }), 201).json();
  writeAnswers.push({ label: "the member's acceptance of the anonymous persona's answer", response: ok(await call(member.token, "POST", `/api/v1/answers/${answered.id}/accept`), 200) });
  writeAnswers.push({ label: "the member's endorsement of the anonymous persona", response: ok(await call(member.token, "POST", `/api/v1/personas/${anonymous.id}/endorsements`, {}), 201) });
  await settle();

  // The member mentions the anonymous persona by its link, in a reply to its thread.
  const mention = ok(
    await call(member.token, "POST", `/api/v1/threads/${anonymousThread.id}/posts`, {
      body: `Thank you [@${anonymous.displayName}](/personas/${anonymous.id}), the ${WORDS.mention} idea helps.`,
    }),
    201,
  ).json();
  await settle();
  // The member follows the anonymous persona and its thread, and bookmarks the thread (issue 11, ADR 35).
  ok(await call(member.token, "POST", `/api/v1/personas/${anonymous.id}/follow`, {}), 201);
  ok(await call(member.token, "POST", `/api/v1/threads/${anonymousThread.id}/follow`, {}), 200); // already followed: the member replied there
  ok(await call(member.token, "POST", `/api/v1/threads/${anonymousThread.id}/bookmark`, {}), 201);
  await settle();

  // Flags, then moderation: hide the flagged reply, warn the persona, suspend the author of a post.
  const flagPost = ok(await call(member.token, "POST", "/api/v1/flags", { targetType: "post", targetId: hiddenReply.id, reason: "medical_misinformation", note: "This is not a cure." }), 201);
  const flagThread = ok(await call(member.token, "POST", "/api/v1/flags", { targetType: "thread", targetId: anonymousThread.id, reason: "other", note: "Is this right?" }), 201);
  const flagPersona = ok(
    await call(owner.token, "POST", "/api/v1/flags", { targetType: "persona", targetId: anonymous.id, community: community.slug, reason: "other", note: "Please check this member." }),
    201,
  );
  writeAnswers.push({ label: "the member's flag of a post", response: flagPost }, { label: "the member's flag of a thread", response: flagThread });
  writeAnswers.push({ label: "the owner's flag of the persona", response: flagPersona });
  await settle();
  const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  for (const [label, payload] of [
    ["hide", { flagId: flagPost.json().id, targetType: "post", targetId: hiddenReply.id, action: "hide", reason: "Medical claims need care." }],
    ["warn", { targetType: "persona", targetId: anonymous.id, community: community.slug, action: "warn", reason: "Please do not promise cures." }],
    ["suspend", { targetType: "post", targetId: keptReply.id, action: "suspend", until, reason: "A short break after a warning." }],
  ] as const) {
    writeAnswers.push({ label: `the moderator's ${label}`, response: ok(await call(moderator.token, "POST", "/api/v1/moderation/actions", payload), 201) });
  }
  await settle();

  // The suspension reaches the account, whichever persona it writes as.
  const refused = await call(clinician.token, "POST", `/api/v1/threads/${memberThread.id}/posts`, { body: "Trying as myself." });
  expect(refused.statusCode, refused.body).toBe(403);

  // An administrator asks to see who is behind the persona; nobody has decided yet.
  const breakGlass = ok(await call(admin.token, "POST", "/api/v1/admin/break-glass", { personaId: anonymous.id, reason: "A safeguarding report names this persona." }), 201);
  writeAnswers.push({ label: "the administrator's break-glass request (before any decision)", response: breakGlass });
  await settle();

  return {
    admin,
    secondAdmin,
    owner,
    moderator,
    member,
    clinician,
    community,
    approvalCommunity,
    network: { slug: network.slug, space: "ask-colleagues", threadId: networkThread.id, postId: networkThread.postId },
    colleague,
    professionalPictureUrl,
    spaces: { general: "general", ward: ward.slug },
    threads: { member: memberThread.id, anonymous: anonymousThread.id },
    poll: poll.id,
    event: event.id,
    question: question.id,
    answer: answered.id,
    posts: {
      memberOpening: memberThread.postId,
      anonymousOpening: anonymousThread.postId,
      anonymousHiddenReply: hiddenReply.id,
      anonymousReply: keptReply.id,
      mention: mention.id,
    },
    flags: { post: flagPost.json().id, thread: flagThread.json().id, persona: flagPersona.json().id },
    breakGlassId: breakGlass.json().id,
    learningLogEntry,
    personalNameBeforeRename: personalBefore.displayName,
    writeAnswers,
  };
}
