import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { SANDBOX_PASSWORD, SANDBOX_USERS } from "@/lib/auth/sandbox-users";
import { getPrincipal } from "@/lib/auth/session";
import { safeReturnUrl } from "@/lib/domain/return-url";
import { getEnv } from "@/lib/env";

// The tab says what the heading says (absolute: the layout's "· Nura Platform Portal" suffix would repeat it).
export const metadata: Metadata = { title: { absolute: "Sign in to Nura Platform Portal" } };
export const dynamic = "force-dynamic";

const ERRORS: Record<string, string> = {
  CredentialsSignin: "That email and password did not match a sandbox user.",
  OAuthSignin: "The identity provider could not be reached.",
  OAuthCallback: "The identity provider refused the sign-in.",
  AccessDenied: "Access denied.",
};

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const env = getEnv();
  // A repeated key arrives as an array: neither is trusted, the defaults apply.
  const callbackUrl = safeReturnUrl(params.callbackUrl, env.PORTAL_URL);
  // Signed in already: there is nothing to do here, go where the link meant (the overview by default).
  if (await getPrincipal()) redirect(callbackUrl);
  const code = typeof params.error === "string" ? params.error : params.error ? "unknown" : undefined;
  // Own keys only: "constructor" or "__proto__" must not find Object.prototype's members.
  const error = code ? (Object.hasOwn(ERRORS, code) ? ERRORS[code] : "Sign-in failed.") : undefined;
  return (
    <main className="login card" id="main">
      <h1>Sign in to Nura Platform Portal</h1>
      {callbackUrl !== "/" && (
        <p className="muted">
          After signing in you will continue to <code>{callbackUrl}</code>.
        </p>
      )}
      <LoginForm
        callbackUrl={callbackUrl}
        error={error}
        oidc={Boolean(env.OIDC_ISSUER)}
        sandbox={
          env.SANDBOX
            ? {
                password: SANDBOX_PASSWORD,
                users: SANDBOX_USERS.map(({ email, name, role }) => ({ email, name, role })),
              }
            : null
        }
      />
    </main>
  );
}
