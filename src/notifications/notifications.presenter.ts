/**
 * The shape in which a notification leaves the server. Both people in it appear only
 * as persona views: the recipient's own persona it concerns, and the persona that
 * acted. Never an account id, a username, or another persona of either account.
 */
import type { NotificationKind } from "../db/schema.ts";
import { presentPersona, type PersonaView } from "../personas/persona.presenter.ts";
import type { NotificationRow } from "./notifications.repo.ts";

export type NotificationView = {
  id: string;
  kind: NotificationKind;
  /** Which of the recipient's personas was replied to or mentioned. */
  persona: PersonaView;
  /** Who replied or mentioned them, as the persona they wrote as. */
  actor: PersonaView;
  thread: { id: string; title: string };
  community: { slug: string; name: string };
  postId: string;
  createdAt: string;
  read: boolean;
};

export function presentNotification(row: NotificationRow): NotificationView {
  return {
    id: row.id,
    kind: row.kind,
    persona: presentPersona(row.me),
    actor: presentPersona(row.actor),
    thread: { id: row.thread_id, title: row.thread_title },
    community: { slug: row.community_slug, name: row.community_name },
    postId: row.post_id,
    createdAt: row.created_at.toISOString(),
    read: row.read_at !== null,
  };
}
