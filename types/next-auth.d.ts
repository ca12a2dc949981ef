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
    /** Sign-in time (s): the absolute session lifetime counts from here. */
    authTime?: number;
    /** When the grants were last read from the database (s). */
    grantsAt?: number;
  }
}
