/**
 * A sentence to be said in the reader's language: a catalogue key and its values, made
 * where the words are decided (a service, a check) and put into words where the reader
 * is known (the page or the API answer). Text that is not yet in the catalogues is a
 * plain string and is shown as it is.
 */
/** A value may itself be a message (a reason inside a sentence): it is said in the same language first. */
export type MessageValues = { [name: string]: string | number | Date | Message };
export type Message = { readonly key: string; readonly values?: MessageValues };
export type Said = Message | string;

export const msg = (key: string, values?: MessageValues): Message => (values ? { key, values } : { key });

export const isMessage = (said: unknown): said is Message =>
  typeof said === "object" && said !== null && typeof (said as Message).key === "string";
