// What a 404 inside the portal says: what was asked for, and what exists instead (issue 13 item 8).
// Pure: the page passes the requested path and the catalog's names.

export interface NotFoundHint {
  title: string;
  /** What was asked, in words. */
  message: string;
  /** Where to go instead. */
  links: { label: string; href: string }[];
}

interface Names {
  applications: string[];
  environments: string[];
}

function segments(path: string): string[] {
  const pathname = path.split(/[?#]/)[0] ?? "";
  return pathname
    .split("/")
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

const envLinks = (n: Names) =>
  n.environments.map((e) => ({ label: e, href: `/environments/${encodeURIComponent(e)}` }));

export function notFoundHint(path: string | null, names: Names): NotFoundHint {
  const [section, first, second] = segments(path ?? "");
  if (section === "applications" && first !== undefined) {
    const knownApp = names.applications.includes(first);
    const knownEnv = second !== undefined && names.environments.includes(second);
    if (!knownApp) {
      return {
        title: "Unknown application",
        message: `There is no application "${first}" in the catalog. Applications: ${names.applications.join(", ")}.`,
        links: names.applications.map((a) => ({
          label: a,
          href: `/applications/${encodeURIComponent(a)}/${encodeURIComponent(knownEnv && second ? second : (names.environments[0] ?? ""))}`,
        })),
      };
    }
    return {
      title: "Unknown environment",
      message: `${first} has no environment "${second ?? ""}". Environments: ${names.environments.join(", ")}.`,
      links: names.environments.map((e) => ({
        label: `${first} in ${e}`,
        href: `/applications/${encodeURIComponent(first)}/${encodeURIComponent(e)}`,
      })),
    };
  }
  if (section === "environments" && first !== undefined) {
    return {
      title: "Unknown environment",
      message: `There is no environment "${first}". Environments: ${names.environments.join(", ")}.`,
      links: envLinks(names),
    };
  }
  return {
    title: "Page not found",
    message: `Nothing is at ${path ?? "this address"}.`,
    links: [
      { label: "Overview", href: "/" },
      { label: "Environments", href: "/environments" },
    ],
  };
}
