"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";

type SandboxUser = { email: string; name: string; role: string };

export function LoginForm(props: {
  callbackUrl: string;
  error?: string;
  oidc: boolean;
  sandbox: { password: string; users: SandboxUser[] } | null;
}) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);

  const sandboxSignIn = (userEmail: string, userPassword: string) => {
    setPending(true);
    void signIn("sandbox", { email: userEmail, password: userPassword, callbackUrl: props.callbackUrl });
  };

  return (
    <div>
      {props.error && (
        <p className="alert" role="alert">
          {props.error}
        </p>
      )}
      {props.oidc && (
        <button
          type="button"
          className="primary"
          disabled={pending}
          onClick={() => {
            setPending(true);
            void signIn("oidc", { callbackUrl: props.callbackUrl });
          }}
        >
          Sign in with single sign-on
        </button>
      )}
      {props.sandbox && (
        <>
          <h2>Sandbox users</h2>
          <p className="muted">
            The sandbox is on: every user below signs in with the password <code>{props.sandbox.password}</code>.
          </p>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              sandboxSignIn(email, password);
            }}
          >
            <div>
              <label htmlFor="email">Email</label>
              <input
                id="email"
                name="email"
                type="email"
                autoComplete="username"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            </div>
            <div>
              <label htmlFor="password">Password</label>
              <input
                id="password"
                name="password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </div>
            <button type="submit" className="primary" disabled={pending}>
              Sign in
            </button>
          </form>
          <h2>Or pick a user</h2>
          <ul className="users">
            {props.sandbox.users.map((u) => (
              <li key={u.email}>
                {/* The visible text is the whole accessible name (WCAG 2.5.3 label in name): say it aloud, click it. */}
                <button
                  type="button"
                  disabled={pending}
                  onClick={() => sandboxSignIn(u.email, props.sandbox!.password)}
                >
                  Sign in as {u.name} <span className="muted">({u.role})</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {!props.oidc && !props.sandbox && (
        <p className="alert" role="alert">
          No sign-in method is configured: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET.
        </p>
      )}
    </div>
  );
}
