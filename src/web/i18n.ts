/**
 * The reader's translator inside the page tree: sendPage and the error page render every
 * page inside this context, so a component anywhere below (a date, the error summary) says
 * its words in the reader's language without each page passing it down. Outside a page
 * (a test rendering one component) it is English.
 */
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { english, type Translator } from "../shared/i18n/translator.ts";

export const TranslatorContext = createContext<Translator | null>(null);

/** The reader's translator; call it while a component renders. */
export const useT = (): Translator => useContext(TranslatorContext) ?? english();
