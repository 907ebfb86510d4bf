/** The search form and its results: only what the viewer may read, each hit with where it is and who wrote it. */
import type { PageContext } from "../web/layout.tsx";
import { Layout } from "../web/layout.tsx";
import { Field, PersonaBadge, When } from "../web/components.tsx";
import { FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import type { SearchHitView } from "./search.presenter.ts";
import { LIMITS } from "../shared/limits.ts";
import { useT } from "../web/i18n.ts";

export type SearchInput = { q: string; community: string; cursor: string };
export type SearchResults = { items: SearchHitView[]; nextCursor: string | null };
export type SearchProblem = { status: number; message: string; fields?: Record<string, string> };


/** The address of a search, with only the parts that are set. */
export function searchUrl(input: Partial<SearchInput>): string {
  const params = new URLSearchParams();
  if (input.q) params.set("q", input.q);
  if (input.community) params.set("community", input.community);
  if (input.cursor) params.set("cursor", input.cursor);
  const query = params.toString();
  return query ? `/search?${query}` : "/search";
}

const hitLink = (hit: SearchHitView) => `/t/${hit.threadId}${hit.postId ? `#post-${hit.postId}` : ""}`;

function Hit({ hit }: { hit: SearchHitView }) {
  const t = useT();
  return (
    <li class="card search-hit">
      <h3 dir="auto">
        <a href={hitLink(hit)}>{hit.title}</a>
      </h3>
      {hit.segments.length > 0 ? (
        // Preact escapes each segment; the only markup is <mark> around the matched words.
        <p class="snippet" dir="auto">{hit.segments.map((s) => (s.match ? <mark>{s.text}</mark> : s.text))}</p>
      ) : null}
      <p class="hit-meta">
        <span class="hit-where">
          {t.text("search.where", { community: hit.community.name, space: hit.space.name })}
        </span>
        <PersonaBadge persona={hit.author} linked />
        <span>
          <When iso={hit.createdAt} prefix={t.text(hit.type === "post" ? "search.posted" : "search.threadStarted")} />
        </span>
      </p>
    </li>
  );
}

function Results({ input, results }: { input: SearchInput; results: SearchResults }) {
  const t = useT();
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">{t.text(input.cursor ? "search.moreResultsFor" : "search.resultsFor", { q: input.q })}</h2>
      {results.items.length === 0 ? (
        <p>{t.text(input.cursor ? "search.noMore" : "search.nothing")}</p>
      ) : (
        <ol class="card-list search-results">
          {results.items.map((hit) => (
            <Hit hit={hit} />
          ))}
        </ol>
      )}
      {results.nextCursor ? (
        <nav class="pagination" aria-label={t.text("search.moreResults")}>
          <a href={searchUrl({ ...input, cursor: results.nextCursor })}>{t.text("search.moreResults")}</a>
        </nav>
      ) : null}
    </section>
  );
}

export function SearchPage(props: { ctx: PageContext; input: SearchInput; results?: SearchResults; problem?: SearchProblem }) {
  const { ctx, input, results, problem } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={formTitle(t.text("search.title"), problem)}>
      <h1>{t.text("search.title")}</h1>
      <p>{t.text("search.lead")}</p>
      <form method="get" action="/search" role="search" class="search-form" novalidate>
        <FormErrorSummary problem={problem} labels={{ q: t.text("search.label") }} />
        <Field name="q" label={t.text("search.label")} type="search" value={input.q} error={problem?.fields?.q} maxLength={LIMITS.searchQuery} />
        {input.community ? (
          <p class="hint">
            <input type="hidden" name="community" value={input.community} />
            {t.text("search.oneCommunity")} <a href={searchUrl({ q: input.q })}>{t.text("search.everyCommunity")}</a>
          </p>
        ) : null}
        <button type="submit">{t.text("search.submit")}</button>
      </form>
      {results ? <Results input={input} results={results} /> : null}
    </Layout>
  );
}
