import type { RoleGrant } from "@/lib/domain/roles";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string; grants: RoleGrant[] };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid: string;
    grants?: RoleGrant[];
  }
}
