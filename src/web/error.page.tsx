/** The page shown when something cannot be done: what happened and what to do. */
import { Layout, type PageContext } from "./layout.tsx";

const TITLES: Record<number, string> = {
  400: "Something in the form needs another look",
  401: "Please sign in",
  403: "You cannot do that here",
  404: "Page not found",
  413: "That was too much to send at once",
  429: "Please wait a moment",
};

export function ErrorPage({ ctx, status, message }: { ctx: PageContext; status: number; message: string }) {
  const title = TITLES[status] ?? "Sorry, something went wrong";
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <a href="/">Go to the list of communities</a>
      </p>
    </Layout>
  );
}
