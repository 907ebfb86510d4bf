/** Helpers to make and drop PostgreSQL databases for tests. */

/** The same server, connected to the `postgres` maintenance database. */
export function adminUrl(url: string): string {
  return withDatabase(url, "postgres");
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
