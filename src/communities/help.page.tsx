/** /c/:slug/help: where to turn in a crisis, for anyone who may see the community (ADR 39). */
import type { PageContext } from "../web/layout.tsx";
import { Layout } from "../web/layout.tsx";
import type { CrisisHelpView } from "./communities.service.ts";
import { CrisisResources } from "./help.components.tsx";

export function HelpPage({ ctx, help }: { ctx: PageContext; help: CrisisHelpView }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t.text("help.pageTitle", { community: help.community.name })} community={help.community}>
      <p>
        <a href={`/c/${encodeURIComponent(help.community.slug)}`}>{help.community.name}</a>
      </p>
      <h1>{t.text("help.heading")}</h1>
      <p class="lead">{t.text("help.lead")}</p>
      <CrisisResources help={help} />
      <p>{t.text("help.notEmergencyService")}</p>
    </Layout>
  );
}
