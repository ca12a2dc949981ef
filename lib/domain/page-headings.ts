// Each detail page's h1 as plain text, shared by the heading and the document title so the two
// cannot drift apart (issue 13 item 13: "page titles match headings"; a screen reader announces
// the title first, and a tab strip shows only the title).

export function environmentHeading(e: { displayName: string }): string {
  return e.displayName;
}

export function applicationHeading(app: string, e: { displayName: string }): string {
  return `${app} in ${e.displayName}`;
}

export function promotionHeading(p: { application: string; imageTag: string; toEnvironmentName: string }): string {
  return `${p.application} ${p.imageTag} → ${p.toEnvironmentName}`;
}

export function promotionRequestHeading(p: {
  application: string;
  imageTag: string | null;
  toEnvironmentName: string;
}): string {
  return `Promote ${p.application} ${p.imageTag ?? "?"} → ${p.toEnvironmentName}`;
}

export function runHeading(r: {
  kind: "plan" | "apply";
  environment: string;
  jenkinsJob: string | null;
  buildNumber: number | null;
}): string {
  const build = r.buildNumber !== null ? ` · ${r.jenkinsJob} #${r.buildNumber}` : "";
  return `${r.kind === "plan" ? "Plan" : "Apply"} ${r.environment}${build}`;
}
