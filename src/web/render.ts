/** Renders a JSX tree to an HTML document string. */
import { render } from "preact-render-to-string";
import type { VNode } from "preact";

export function renderDocument(page: VNode): string {
  return "<!doctype html>" + render(page);
}
