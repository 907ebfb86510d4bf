/** Renders a JSX tree to an HTML document string. */
import { render } from "preact-render-to-string";
import { h, type VNode } from "preact";
import type { Translator } from "../shared/i18n/translator.ts";
import { TranslatorContext } from "./i18n.ts";

/** With `t`, every component in the page can say its words in the reader's language (useT, src/web/i18n.ts). */
export function renderDocument(page: VNode, t?: Translator): string {
  return "<!doctype html>" + render(t ? (h(TranslatorContext.Provider, { value: t }, page) as VNode) : page);
}
