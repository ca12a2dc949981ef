"use client";
// Light/dark switch. Until the user picks one the portal follows the OS (prefers-color-scheme); the
// pick is a cookie (not localStorage) so the server renders it next time; "Use system theme" forgets it.
import { useEffect, useState, useSyncExternalStore } from "react";
import { effectiveTheme, THEME_COOKIE, type Theme } from "@/lib/domain/theme";

const DARK_QUERY = "(prefers-color-scheme: dark)";

function subscribe(onChange: () => void) {
  const mq = window.matchMedia(DARK_QUERY);
  mq.addEventListener("change", onChange);
  return () => mq.removeEventListener("change", onChange);
}
const osPrefersDark = () => window.matchMedia(DARK_QUERY).matches;

function writeChoice(choice: Theme | null) {
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every browser yet
  document.cookie = choice
    ? `${THEME_COOKIE}=${choice}; path=/; max-age=31536000; samesite=lax`
    : `${THEME_COOKIE}=; path=/; max-age=0; samesite=lax`;
}

/** `choice`: the cookie's explicit theme, or null while the portal follows the OS. */
export function ThemeToggle({ choice: initial }: { choice: Theme | null }) {
  const [choice, setChoice] = useState(initial);
  // The server cannot see the OS preference: it renders as if light, the browser corrects after hydration.
  const prefersDark = useSyncExternalStore(subscribe, osPrefersDark, () => false);
  const theme = effectiveTheme(choice, prefersDark);
  // data-theme always names the theme in effect (CSS needs it only for an explicit choice; the
  // attribute lets tests and other scripts read what is shown).
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  const next: Theme = theme === "dark" ? "light" : "dark";
  return (
    <>
      <button
        type="button"
        aria-label={`Switch to ${next} theme`}
        onClick={() => {
          writeChoice(next);
          setChoice(next);
        }}
      >
        {next === "dark" ? "Dark theme" : "Light theme"}
      </button>
      {choice ? (
        <button
          type="button"
          onClick={() => {
            writeChoice(null);
            setChoice(null);
          }}
        >
          Use system theme
        </button>
      ) : null}
    </>
  );
}
