/** The page shown when something cannot be done: what happened and what to do. */
import { Layout, type PageContext } from "./layout.tsx";

const TITLE_KEYS: Record<number, string> = {
  400: "error.title400",
  401: "error.title401",
  403: "error.title403",
  404: "error.title404",
  413: "error.title413",
  429: "error.title429",
};

export function ErrorPage({ ctx, status, message }: { ctx: PageContext; status: number; message: string }) {
  const title = ctx.t.text(TITLE_KEYS[status] ?? "error.titleOther");
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <a href="/">{ctx.t.text("error.backHome")}</a>
      </p>
    </Layout>
  );
}
