/** The column shapes the table types of schema.ts and schema-activity.ts are written in. */
import type { ColumnType } from "kysely";

/** A timestamp the database fills in when left out. */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A column that may hold null and may be left out when inserting. */
export type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;
/** A timestamp that must be given. */
export type RequiredTimestamp = ColumnType<Date, Date | string, Date | string>;
export type Json<T> = ColumnType<T, string, string>;
