/** The search form and its results: only what the viewer may read, each hit with where it is and who wrote it. */
import type { PageContext } from "../web/layout.tsx";
import { Layout } from "../web/layout.tsx";
import { Field, PersonaBadge, When } from "../web/components.tsx";
import { FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import type { SearchHitView } from "./search.presenter.ts";
import { LIMITS } from "../shared/limits.ts";

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
  return (
    <li class="card search-hit">
      <h3>
        <a href={hitLink(hit)}>{hit.title}</a>
      </h3>
      {hit.segments.length > 0 ? (
        // Preact escapes each segment; the only markup is <mark> around the matched words.
        <p class="snippet">{hit.segments.map((s) => (s.match ? <mark>{s.text}</mark> : s.text))}</p>
      ) : null}
      <p class="hit-meta">
        <span class="hit-where">
          {hit.community.name} › {hit.space.name}
        </span>
        <PersonaBadge persona={hit.author} linked />
        <span>
          <When iso={hit.createdAt} prefix={hit.type === "post" ? "Posted" : "Thread started"} />
        </span>
      </p>
    </li>
  );
}

function Results({ input, results }: { input: SearchInput; results: SearchResults }) {
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">
        {input.cursor ? "More results" : "Results"} for “{input.q}”
      </h2>
      {results.items.length === 0 ? (
        <p>{input.cursor ? "There are no more results." : "Nothing you can read matches those words. Try fewer words, or different ones."}</p>
      ) : (
        <ol class="card-list search-results">
          {results.items.map((hit) => (
            <Hit hit={hit} />
          ))}
        </ol>
      )}
      {results.nextCursor ? (
        <nav class="pagination" aria-label="More results">
          <a href={searchUrl({ ...input, cursor: results.nextCursor })}>More results</a>
        </nav>
      ) : null}
    </section>
  );
}

export function SearchPage(props: { ctx: PageContext; input: SearchInput; results?: SearchResults; problem?: SearchProblem }) {
  const { ctx, input, results, problem } = props;
  return (
    <Layout ctx={ctx} title={formTitle("Search", problem)}>
      <h1>Search</h1>
      <p>Search finds threads and posts that you are allowed to read.</p>
      <form method="get" action="/search" role="search" class="search-form" novalidate>
        <FormErrorSummary problem={problem} labels={{ q: "Search for" }} />
        <Field name="q" label="Search for" type="search" value={input.q} error={problem?.fields?.q} maxLength={LIMITS.searchQuery} />
        {input.community ? (
          <p class="hint">
            <input type="hidden" name="community" value={input.community} />
            Searching one community only. <a href={searchUrl({ q: input.q })}>Search every community</a>
          </p>
        ) : null}
        <button type="submit">Search</button>
      </form>
      {results ? <Results input={input} results={results} /> : null}
    </Layout>
  );
}
