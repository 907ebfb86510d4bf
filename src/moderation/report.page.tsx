/**
 * Reporting a post, thread or member to a community's moderators, without JavaScript:
 * the reasons in plain words, details (needed for "something else"), and a thank-you
 * that says who reads it, roughly when, and that the reporter is not named.
 */
import type { FlagReason } from "../db/schema.ts";
import { CsrfField, Field } from "../web/components.tsx";
import type { FormProblem } from "../web/form-body.ts";
import { FormErrorSummary, RadioGroup, formTitle, type RadioOption } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";

/** The reasons as people say them, in the order the form offers them. */
export const REASON_WORDS: Record<FlagReason, string> = {
  medical_misinformation: "Unsafe medical advice",
  harassment: "Unkind or harassing",
  spam: "Spam or advertising",
  identifying: "Someone could be identified from it",
  safeguarding: "Someone may be at risk",
  other: "Something else",
};

const REASON_HINTS: Partial<Record<FlagReason, string>> = {
  medical_misinformation: "For example, a dose, a cure or stopping a treatment that could hurt someone who follows it.",
  identifying: "For example, a full name, a town and a hospital together, or a photo.",
  safeguarding: "Someone may hurt themselves or someone else, or is being hurt.",
  other: "Tell us what is wrong in the box below.",
};

const REASON_OPTIONS: RadioOption[] = (Object.keys(REASON_WORDS) as FlagReason[]).map((value) => ({
  value,
  label: REASON_WORDS[value],
  ...(REASON_HINTS[value] ? { hint: REASON_HINTS[value] } : {}),
}));

export type ReportFormValues = { targetType: string; targetId: string; reason: string; details: string; community: string; back: string };

const NOUN: Record<string, string> = { post: "this post", thread: "this thread", persona: "this member" };
export const reportNoun = (targetType: string) => NOUN[targetType] ?? "this";

const LABELS = { reason: "Why are you reporting it?", details: "Details", community: "Where did you see them?" };

export function ReportPage(props: {
  ctx: PageContext;
  values: ReportFormValues;
  /** For a member: the communities the reporter belongs to, one of which the report goes to. */
  communities?: { slug: string; name: string }[];
  problem?: FormProblem;
}) {
  const { ctx, values, problem } = props;
  const noun = reportNoun(values.targetType);
  const persona = values.targetType === "persona";
  const communities = props.communities ?? [];
  return (
    <Layout ctx={ctx} title={formTitle(`Report ${noun}`, problem)}>
      {values.back ? (
        <p class="breadcrumb">
          <a href={values.back}>Back to where you were</a>
        </p>
      ) : null}
      <h1>Report {noun}</h1>
      <p>
        Your report goes to the community's moderators, who are volunteers. They will not be shown your name, and neither will the person you
        report.
      </p>
      {persona && communities.length === 0 ? (
        <p>
          You can report a member in a community you belong to. To report something they wrote, use the “Report” link beside it.
        </p>
      ) : (
        <form method="post" action="/report" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <FormErrorSummary problem={problem} labels={LABELS} />
          <input type="hidden" name="targetType" value={values.targetType} />
          <input type="hidden" name="targetId" value={values.targetId} />
          <input type="hidden" name="back" value={values.back} />
          {persona ? (
            <RadioGroup
              name="community"
              legend={LABELS.community}
              hint="The moderators of that community will read your report."
              value={values.community}
              options={communities.map((c) => ({ value: c.slug, label: c.name }))}
              error={problem?.fields?.community}
            />
          ) : (
            <input type="hidden" name="community" value={values.community} />
          )}
          <RadioGroup name="reason" legend={LABELS.reason} value={values.reason} options={REASON_OPTIONS} error={problem?.fields?.reason} />
          <Field
            name="details"
            label={LABELS.details}
            hint="Anything that helps the moderators understand. Needed if you chose “Something else”. Do not include your own contact details."
            multiline
            rows={4}
            value={values.details}
            error={problem?.fields?.details}
          />
          <button type="submit">Send the report</button>
        </form>
      )}
    </Layout>
  );
}

/** After a report: what happens next, and for someone at risk, where to get help now. */
export function ReportSentPage(props: { ctx: PageContext; community: { slug: string; name: string }; reason: string; back: string }) {
  const { ctx, community, reason } = props;
  return (
    <Layout ctx={ctx} title="Thank you for your report">
      <div class="notice" role="status">
        <h1>Thank you for your report</h1>
        <p>It has gone to the moderators of {community.name}.</p>
      </div>
      {reason === "safeguarding" ? (
        <section aria-labelledby="help-now-heading" class="help-now">
          <h2 id="help-now-heading">If someone is in danger now</h2>
          <p>
            Moderators are volunteers and may not read this straight away. If someone's life is at risk, call your local emergency number now.
          </p>
          <p>
            If you are worried about yourself, you can talk to your doctor, a pharmacist or a crisis line where you live. You do not have to wait for
            the moderators.
          </p>
        </section>
      ) : null}
      <h2>What happens next</h2>
      <ul>
        <li>The moderators of {community.name} read reports in the order they arrive, usually within a few days. They are volunteers, so it can take longer.</li>
        <li>They may hide what you reported, warn the person who wrote it, or decide it can stay. What they do is written in the community's public moderation log.</li>
        <li>Nobody is shown who sent a report: not the person you reported, and not the moderators.</li>
      </ul>
      <p>
        <a href={props.back || `/c/${encodeURIComponent(community.slug)}`}>{props.back ? "Back to where you were" : `Back to ${community.name}`}</a>
      </p>
      <p>
        <a href={`/c/${encodeURIComponent(community.slug)}/moderation/log`}>The moderation log of {community.name}</a>
      </p>
    </Layout>
  );
}
