// Commit messages of promotions, reverts and rollbacks. The trailer block is the message's last
// paragraph, one `Key: value` per line, which is what `git interpret-trailers --parse` and
// `git log --format=%(trailers)` read back (tested against real git). Values are checked, not
// escaped: a newline in a name would forge a trailer, so it is refused.

import type { Person } from "./api";
import { GitError } from "./errors";

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
/** OCI tag grammar (distribution spec): what a registry accepts as a tag. */
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const SHA = /^[0-9a-f]{40}$/;

export function checkId(what: string, id: string): string {
  if (!ID.test(id)) throw new GitError("invalid_input", `${what} "${id}" must be 1-128 of [A-Za-z0-9._:-]`);
  return id;
}

export function checkImageTag(tag: string): string {
  if (!IMAGE_TAG.test(tag)) throw new GitError("invalid_input", `"${tag}" is not a valid image tag`);
  return tag;
}

export function checkSha(sha: string, what = "commit"): string {
  if (!SHA.test(sha)) throw new GitError("invalid_input", `${what} "${sha}" is not a full 40-hex SHA`);
  return sha;
}

/** Name and e-mail as git writes them ("Name <email>"), refusing what would break the line. */
export function checkPerson(what: string, p: Person): Person {
  const name = p.name.trim();
  const email = p.email.trim();
  if (!name || CONTROL.test(name) || /[<>]/.test(name)) {
    throw new GitError("invalid_input", `${what}'s name ${JSON.stringify(p.name)} cannot go into a commit`);
  }
  if (!/^[^\s<>@]+@[^\s<>@]+$/.test(email) || CONTROL.test(email)) {
    throw new GitError("invalid_input", `${what}'s e-mail ${JSON.stringify(p.email)} is not an address`);
  }
  return { name, email };
}

function oneLine(what: string, text: string): string {
  const t = text.replace(/\s+/g, " ").trim();
  if (!t) throw new GitError("invalid_input", `${what} must not be empty`);
  return t;
}

export type Trailer = [key: string, value: string];

function withTrailers(subject: string, body: string[], trailers: Trailer[]): string {
  const block = trailers.map(([k, v]) => `${k}: ${v}`).join("\n");
  return `${[subject, ...body, block].join("\n\n")}\n`;
}

const person = (p: Person) => `${p.name} <${p.email}>`;

export function promotionMessage(m: {
  application: string;
  imageTag: string;
  environment: string;
  promotionId: string;
  approvers: Person[];
}): string {
  const approvers = dedupe(m.approvers.map((a) => checkPerson("an approver", a)));
  return withTrailers(
    `promote(${m.application}): ${checkImageTag(m.imageTag)} to ${m.environment}`,
    [],
    [
      ["Promotion-Id", checkId("the promotion id", m.promotionId)],
      ...approvers.map((a): Trailer => ["Approved-by", person(a)]),
    ],
  );
}

export function revertMessage(m: {
  revertedSubject: string;
  commitSha: string;
  promotionId: string;
  reason: string;
}): string {
  // git revert's own wording, so tools that look for "This reverts commit" still recognise it.
  return withTrailers(
    `Revert "${oneLine("the reverted subject", m.revertedSubject)}"`,
    [
      `Promotion ${checkId("the promotion id", m.promotionId)} rolled back: ${oneLine("the reason", m.reason)}`,
      `This reverts commit ${checkSha(m.commitSha)}.`,
    ],
    [
      ["Promotion-Id", m.promotionId],
      ["Reverts", m.commitSha],
    ],
  );
}

export function rollbackMessage(m: {
  application: string;
  imageTag: string;
  environment: string;
  promotionId: string;
  rollsBackTo: string;
  reason: string;
  approvers: Person[];
}): string {
  const approvers = dedupe(m.approvers.map((a) => checkPerson("an approver", a)));
  return withTrailers(
    `rollback(${m.application}): ${checkImageTag(m.imageTag)} to ${m.environment}`,
    [`Back to promotion ${checkId("the earlier promotion id", m.rollsBackTo)}: ${oneLine("the reason", m.reason)}`],
    [
      ["Promotion-Id", checkId("the promotion id", m.promotionId)],
      ["Rolls-back-to", m.rollsBackTo],
      ...approvers.map((a): Trailer => ["Approved-by", person(a)]),
    ],
  );
}

function dedupe(people: Person[]): Person[] {
  const seen = new Set<string>();
  return people.filter((p) => {
    const k = p.email.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
