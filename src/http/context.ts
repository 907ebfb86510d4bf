/** What every route file is given: the services and the settings it may need. */
import type { Config } from "../config.ts";
import type { Services } from "../composition.ts";

export type RouteContext = { services: Services; config: Config };
