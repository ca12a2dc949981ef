// The sandbox's sign-in users: one per role, two approvers so four-eyes can be shown.
// Only offered while SANDBOX is on (see lib/auth/options.ts and lib/env.ts).
import type { Role } from "../domain/roles";

export const SANDBOX_PASSWORD = "nura-sandbox";

export const SANDBOX_USERS: { email: string; name: string; role: Role }[] = [
  { email: "viewer@nura.local", name: "Vera Viewer", role: "viewer" },
  { email: "developer@nura.local", name: "Diego Developer", role: "developer" },
  { email: "approver@nura.local", name: "Ana Approver", role: "approver" },
  { email: "approver2@nura.local", name: "Bruno Approver", role: "approver" },
  { email: "admin@nura.local", name: "Alex Admin", role: "admin" },
  { email: "auditor@nura.local", name: "Aurora Auditor", role: "auditor" },
];
