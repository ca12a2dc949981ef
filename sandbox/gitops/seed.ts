// Seeds the GitOps bare repository from the working tree's helm/ and infra/argocd with a history
// of releases per application and environment, written in one `git fast-import` pass (fast even
// for 3 × 20 applications).
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { Catalog } from "@/lib/catalog";
import { git } from "../lib/git";
import { releasesFor, releaseTrain } from "./release-train";
import { generatedValues, readDesired, setValue, tagPathParts } from "./values";

export const GITOPS_BRANCH = "main";

const PEOPLE = [
  { name: "Amira Haddad", email: "amira.haddad@nura.example.com" },
  { name: "Jonas Weber", email: "jonas.weber@nura.example.com" },
  { name: "Priya Raman", email: "priya.raman@nura.example.com" },
  { name: "Tomás Silva", email: "tomas.silva@nura.example.com" },
];
const JENKINS = { name: "Jenkins", email: "jenkins@nura.example.com" };
const DAY = 86_400;

function listFiles(root: string, dir: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(abs)) {
    const p = join(abs, entry);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...listFiles(root, relative(root, p)));
    else if (st.isFile()) out.push(relative(root, p));
  }
  return out;
}

interface SeedCommit {
  time: number;
  author: { name: string; email: string };
  message: string;
  files: Map<string, string>;
}

/** Plans every commit: an initial import, then one commit per release per environment. */
export function planHistory(catalog: Catalog, sourceRoot: string, nowSec: number): SeedCommit[] {
  const files = new Map<string, string>();
  for (const dir of ["helm", "infra/argocd"]) {
    for (const f of listFiles(sourceRoot, dir)) files.set(f, readFileSync(join(sourceRoot, f), "utf8"));
  }
  const promotionOrder = catalog.promotionPath;
  const releases: SeedCommit[] = [];
  const firstContent = new Map<string, string>();
  let seq = 0;
  for (const app of catalog.applications) {
    const finals = new Map<string, { text: string; tag: string }>();
    catalog.environments.forEach((env, envIdx) => {
      const path = app.valuesFiles[env.name]!;
      let text = files.get(path);
      if (text === undefined) {
        // No helm/ file yet: a small values file keeps the world working; versions vary per env.
        const tag = `1.${Math.max(0, 2 - envIdx)}.${(app.name.length + envIdx) % 4}`;
        text = generatedValues(
          app.name,
          env.name,
          app.imageTagPath,
          tag,
          env.name === "prod" ? 3 : env.name === "staging" ? 2 : 1,
        );
      }
      finals.set(env.name, { text, tag: readDesired(text, app.imageTagPath, app.name).tag || "1.0.0" });
    });
    const train = releaseTrain([...finals.values()].map((f) => f.tag));
    for (const env of catalog.environments) {
      const final = finals.get(env.name)!;
      const path = app.valuesFiles[env.name]!;
      const list = releasesFor(train, final.tag);
      const stage = Math.max(0, promotionOrder.indexOf(env.name));
      list.forEach((tag, i) => {
        const isLast = i === list.length - 1;
        const text = isLast ? final.text : setValue(final.text, tagPathParts(app.imageTagPath), tag);
        if (i === 0) {
          firstContent.set(path, text);
          return;
        }
        const trainIdx = train.indexOf(tag);
        // Releases reach dev first, staging about a day later, prod about two days later.
        const time = nowSec - (train.length - trainIdx) * 2 * DAY + stage * 20 * 3600 + (seq++ % 7) * 613;
        const automated = env.name === promotionOrder[0];
        const author = automated ? JENKINS : PEOPLE[(trainIdx + stage) % PEOPLE.length]!;
        const message = automated
          ? `ci(${app.name}): deploy ${tag} to ${env.name}\n\nBuild: ${app.name}/main #${100 + trainIdx * 3}`
          : `promote(${app.name}): ${tag} to ${env.name}\n\nPromotion-Id: seed-${app.name}-${env.name}-${trainIdx}`;
        releases.push({ time: Math.min(time, nowSec - 600 - seq), author, message, files: new Map([[path, text]]) });
      });
    }
  }
  for (const [path, text] of firstContent) files.set(path, text);
  releases.sort((a, b) => a.time - b.time);
  const firstTime = (releases[0]?.time ?? nowSec) - DAY;
  const initial: SeedCommit = {
    time: firstTime,
    author: PEOPLE[0]!,
    message: "chore: import Helm charts and Argo CD manifests",
    files,
  };
  return [initial, ...releases];
}

function fastImportStream(commits: SeedCommit[]): Buffer {
  const parts: Buffer[] = [];
  const data = (s: string) => {
    const b = Buffer.from(s, "utf8");
    parts.push(Buffer.from(`data ${b.length}\n`), b, Buffer.from("\n"));
  };
  commits.forEach((c, i) => {
    const who = `${c.author.name} <${c.author.email}> ${c.time} +0000`;
    parts.push(Buffer.from(`commit refs/heads/${GITOPS_BRANCH}\nmark :${i + 1}\nauthor ${who}\ncommitter ${who}\n`));
    data(c.message);
    for (const [path, text] of c.files) {
      parts.push(Buffer.from(`M 100644 inline ${path}\n`));
      data(text);
    }
  });
  parts.push(Buffer.from("done\n"));
  return Buffer.concat(parts);
}

/** Creates `bareRepo` (if missing) with the seeded history. Returns false when it already existed. */
export async function seedGitopsRepo(
  bareRepo: string,
  catalog: Catalog,
  sourceRoot: string,
  now = Date.now(),
): Promise<boolean> {
  if (existsSync(join(bareRepo, "HEAD"))) return false;
  mkdirSync(bareRepo, { recursive: true });
  await git(bareRepo, ["init", "--quiet", "--bare", `--initial-branch=${GITOPS_BRANCH}`]);
  const commits = planHistory(catalog, sourceRoot, Math.floor(now / 1000));
  await git(bareRepo, ["fast-import", "--quiet", "--done"], fastImportStream(commits));
  // The portal pushes here like to GitHub: allow pushes to the checked-out branch of a bare repo.
  await git(bareRepo, ["config", "receive.denyNonFastForwards", "true"]);
  return true;
}
