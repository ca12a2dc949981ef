// "Promote <tag> → <env>" where the previous environment runs a newer tag. Shown to everyone as a
// marker; the link only to those who may request there (the request itself re-checks the role).
import Link from "next/link";
import { type PromotionCandidate, requestPromotionHref } from "@/lib/domain/promotion-candidates";

export function PromoteAction({
  application,
  candidate,
  canRequest,
}: {
  application: string;
  candidate: PromotionCandidate | null;
  canRequest: boolean;
}) {
  if (!candidate) return null;
  const { fromEnvironment, toEnvironment, imageTag } = candidate;
  return (
    <p className="card promote-action" data-testid="promote-action">
      <span className="badge warn">behind {fromEnvironment}</span> {fromEnvironment} runs <code>{imageTag}</code>.{" "}
      {canRequest ? (
        <Link className="button primary" href={requestPromotionHref(application, candidate)}>
          Promote {imageTag} → {toEnvironment}
        </Link>
      ) : (
        <span className="muted">
          Requesting a promotion to {toEnvironment} needs the developer, approver or admin role.
        </span>
      )}
    </p>
  );
}
