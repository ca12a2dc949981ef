import "server-only";
// The POST /api/promotions/{id}/<action> routes: a signed-in person (the role for the promotion's
// environment is checked by the rules inside the transaction), the id a UUID, a strict body, the
// service step, then the promotion's detail as the answer.
import type { z } from "zod";
import { requireApiPrincipal } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { pathParams } from "@/lib/http/params";
import { readJsonBody, route } from "@/lib/http/route";
import { promotionParamsSchema } from "./api-schemas";
import { promotionDeps } from "./deps";
import { userCaller } from "./index";
import { getPromotionDetail } from "./read";
import type { ServiceDeps, UserCaller } from "./service";

type Ctx = { params: Promise<{ id: string }> };

export function promotionActionRoute<S extends z.ZodType>(
  name: string,
  bodySchema: S,
  step: (deps: ServiceDeps, caller: UserCaller, id: string, body: z.output<S>) => Promise<{ id: string }>,
  status: 200 | 201 = 200,
) {
  return route<Ctx>(name, async (request, { params }, ctx) => {
    const caller = userCaller(await requireApiPrincipal("portal.view"), ctx);
    const { id } = await pathParams(promotionParamsSchema, params);
    const body = await readJsonBody(request, bodySchema);
    const deps = await promotionDeps();
    const row = await step(deps.service, caller, id, body);
    return Response.json(await getPromotionDetail(await getDb(), row.id), { status });
  });
}
