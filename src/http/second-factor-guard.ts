/**
 * Every administration route, present or future — the API's /api/v1/admin/* and the
 * /admin/* pages — refuses an account the host requires two-step sign-in of
 * (HEARTH_REQUIRE_2FA) while it is not on. Services check it too
 * (requireSecondFactorFor); this keeps an admin route added later from forgetting.
 */
import type { FastifyInstance } from "fastify";
import { requireSecondFactorFor } from "../shared/second-factor.ts";

const ADMIN = /^\/(api\/v1\/)?admin(\/|\?|$)/;

export function installSecondFactorGuard(app: FastifyInstance) {
  app.addHook("preHandler", async (request) => {
    if (ADMIN.test(request.url)) requireSecondFactorFor(request.viewer);
  });
}
