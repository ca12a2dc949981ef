// Zod schemas of /api/infra bodies whose free text is stored in a text column (the plan's approval
// reason): a NUL character or a lone surrogate is a 400 here, not a database error (a 500) later.
import { z } from "zod";
import { isStorableString } from "@/lib/domain/audit-chain";

export const approveBodySchema = z.strictObject({
  reason: z
    .string()
    .max(2000)
    .refine(isStorableString, "must not contain NUL characters or unpaired surrogates")
    .optional(),
});
