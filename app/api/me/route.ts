import { requireApiPrincipal } from "@/lib/auth/session";
import { primaryRole } from "@/lib/domain/roles";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route("/api/me", async () => {
  const p = await requireApiPrincipal();
  return Response.json({ id: p.id, email: p.email, name: p.name, role: primaryRole(p), grants: p.grants });
});
