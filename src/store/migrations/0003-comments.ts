/** Comments: the channel post a discussion-group message comments on (`messages.comment_to`). */
import type { Kysely, Migration } from "kysely";

/** Adds `messages.comment_to`. */
export function commentsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable("messages").addColumn("comment_to", "text").execute();
    },
  };
}
