// A commit as its short SHA (the full one on hover), linked to the Git host when there is a URL.
import { shortSha } from "@/lib/domain/time-format";

export function ShaLink({ link, testId }: { link: { sha: string; url: string | null }; testId?: string }) {
  const code = <code title={link.sha}>{shortSha(link.sha)}</code>;
  return link.url ? (
    <a href={link.url} target="_blank" rel="noreferrer" data-testid={testId}>
      {code}
    </a>
  ) : (
    <span data-testid={testId}>{code}</span>
  );
}
