// The colour theme: the user's explicit choice (a cookie) or, until they make one, the OS's
// prefers-color-scheme (issue 13 item 13). Pure, so the server and the toggle agree.

export type Theme = "light" | "dark";
export const THEME_COOKIE = "theme";

/** The explicit choice a cookie holds, or null (follow the OS) for anything else. */
export function themeChoice(cookie: string | null | undefined): Theme | null {
  return cookie === "light" || cookie === "dark" ? cookie : null;
}

/** The theme in effect: the choice, else what the OS prefers. */
export function effectiveTheme(choice: Theme | null, osPrefersDark: boolean): Theme {
  return choice ?? (osPrefersDark ? "dark" : "light");
}
