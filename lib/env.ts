// The only reader of process.env. Everything else imports `env` from here, so the full
// configuration surface is this file (and the README's table mirrors it).
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { dirname, join } from "node:path";
import { z } from "zod";

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .transform((v) => v === "1" || v === "true" || v === "yes");

const optionalUrl = z.url().optional();

/** PostgreSQL connection string. Unset → embedded PGlite under PGLITE_DIR. */
const databaseUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
  .optional();
const pgliteDir = z.string().default(".data/pglite");

export const serverEnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    /** Set by Next while it builds; production-only requirements apply when the server runs. */
    NEXT_PHASE: z.string().optional(),
    /** Public base URL of the portal; Slack deep links are built from it. */
    PORTAL_URL: z.url().default("http://localhost:3000"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /**
     * Proxies whose X-Forwarded-For entries are believed, as comma-separated IPs or CIDRs (e.g. the
     * ingress controller's pod range "10.0.0.0/8"). Empty: the header is believed from nobody, and the
     * client IP is the rightmost entry (the address Next itself records when no proxy sent one).
     */
    TRUSTED_PROXIES: z
      .string()
      .default("")
      .refine((s) => parseProxyList(s) !== null, "must be comma-separated IP addresses or CIDR ranges"),

    DATABASE_URL: databaseUrl,
    PGLITE_DIR: pgliteDir,

    /** The sandbox world (emulators + seeded sign-in users). */
    SANDBOX: bool.default(false),
    /** A production build refuses sandbox users unless this says otherwise. */
    ALLOW_SANDBOX_IN_PRODUCTION: bool.default(false),

    NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    /**
     * Bearer token Prometheus sends to scrape /api/metrics. Required in production (outside the
     * sandbox); the sandbox world generates one and configures its Prometheus with it.
     */
    METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    OIDC_ISSUER: optionalUrl,
    OIDC_CLIENT_ID: z.string().optional(),
    OIDC_CLIENT_SECRET: z.string().optional(),
    OIDC_GROUPS_CLAIM: z.string().default("groups"),
    /** "group=role,group=role[:env]" — maps IdP groups to portal roles. */
    OIDC_ROLE_MAP: z.string().default(""),

    CATALOG_PATH: z.string().default("config/catalog.yaml"),
    /** Run the job queue's workers in this process (promotion executor, Slack outbox, drift plans). */
    JOB_WORKERS: bool.default(true),
    /** Client polling interval for live pages, in ms. */
    POLL_INTERVAL_MS: z.coerce.number().int().min(1000).max(600000).default(5000),

    ARGOCD_URL: optionalUrl,
    ARGOCD_TOKEN: z.string().optional(),
    JENKINS_URL: optionalUrl,
    JENKINS_USER: z.string().optional(),
    JENKINS_TOKEN: z.string().optional(),
    /** Timeout of each Jenkins call, in ms (artifact downloads of large plans need more than UPSTREAM_TIMEOUT_MS). */
    JENKINS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(10000),
    /** The Jenkins jobs infra/jenkins/jobs.yaml declares (folder/name allowed). */
    JENKINS_PLAN_JOB: z.string().default("nura-infra-plan"),
    JENKINS_APPLY_JOB: z.string().default("nura-infra-apply"),
    /** A plan can be approved and applied for this long after it finished. */
    INFRA_PLAN_TTL_MINUTES: z.coerce.number().int().min(1).max(10080).default(60),
    /** An environment lock lives this long past its last heartbeat (a dead portal frees it then). */
    INFRA_LOCK_TTL_SECONDS: z.coerce.number().int().min(5).max(86400).default(300),
    /** A plan/apply running longer is given up (the Jenkinsfiles' own timeout is 30 minutes). */
    INFRA_RUN_TIMEOUT_MINUTES: z.coerce.number().int().min(1).max(1440).default(45),
    /** Scheduled drift plan per environment every N minutes; 0 turns drift detection off. */
    INFRA_DRIFT_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(10080).default(0),
    GRAFANA_URL: optionalUrl,
    GRAFANA_TOKEN: z.string().optional(),
    GRAFANA_DATASOURCE_UID: z.string().default("prometheus"),
    SLACK_WEBHOOK_URL: optionalUrl,
    SLACK_BOT_TOKEN: z.string().optional(),
    SLACK_API_URL: optionalUrl,
    SLACK_CHANNEL: z.string().default("#nura-releases"),
    KUBECONFIG: z.string().optional(),
    AWS_REGION: z.string().default("eu-west-1"),
    AWS_ENDPOINT_URL_EKS: optionalUrl,
    /** The GitOps repository: a path or file:// URL (sandbox), https://… (GITOPS_TOKEN) or SSH (GITOPS_SSH_KEY_PATH). */
    GITOPS_REPO_URL: z
      .string()
      .refine(
        (u) => !/^https?:\/\/[^/@]*:[^/@]*@/i.test(u),
        "must not contain a password: put the token in GITOPS_TOKEN",
      )
      .optional(),
    GITOPS_BRANCH: z
      .string()
      .regex(/^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]+$/, "must be a branch name")
      .default("main"),
    /** HTTPS token, sent as an Authorization header from git's environment (never in argv, URL or .git/config). */
    GITOPS_TOKEN: z.string().optional(),
    /** Basic-auth user going with the token: x-access-token (GitHub), oauth2 (GitLab), or the account name. */
    GITOPS_TOKEN_USER: z.string().default("x-access-token"),
    /** SSH private key for ssh:// or user@host:path remotes, and the known_hosts file that pins the host key. */
    GITOPS_SSH_KEY_PATH: z.string().optional(),
    GITOPS_SSH_KNOWN_HOSTS: z.string().optional(),
    /** The portal as committer of every GitOps commit (authors are the people who asked). */
    GITOPS_COMMITTER_NAME: z.string().min(1).default("Nura Platform Portal"),
    GITOPS_COMMITTER_EMAIL: z
      .string()
      .regex(/^[^\s<>@]+@[^\s<>@]+$/, "must be an e-mail address")
      .default("portal@nura.example.com"),
    /** Cached working copies of the GitOps repository (one per remote and branch). */
    GITOPS_CACHE_DIR: z.string().default(".data/gitops"),
    /** Timeout of each git call, in ms (a clone or push over the network needs more than a page render). */
    GITOPS_TIMEOUT_MS: z.coerce.number().int().min(500).max(600000).default(30000),
    /** Pushes tried (fetch + rebase between) before giving up on a branch that keeps moving. Never forced. */
    GITOPS_PUSH_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
    AUDIT_SIGNING_KEY: z.string().optional(),
    /** Timeout of each upstream call (Argo CD, Kubernetes, EKS, Grafana), in ms: pages render within 2 s. */
    UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100, "must be at least 100 ms").max(60000).default(1500),
    /** Commit page of the GitOps repository, "{sha}" replaced (e.g. https://github.com/acme/gitops/commit/{sha}). */
    GITOPS_COMMIT_URL: z
      .string()
      .regex(/^https?:\/\/.*\{sha\}/, "must be an http(s) URL containing {sha}")
      .optional(),
  })
  .superRefine((e, ctx) => {
    const runningInProduction = e.NODE_ENV === "production" && e.NEXT_PHASE !== "phase-production-build";
    if (runningInProduction && !e.NEXTAUTH_SECRET) {
      ctx.addIssue({ code: "custom", path: ["NEXTAUTH_SECRET"], message: "is required in production" });
    }
    if (runningInProduction && !e.SANDBOX && !e.METRICS_TOKEN) {
      ctx.addIssue({
        code: "custom",
        path: ["METRICS_TOKEN"],
        message: "is required in production: /api/metrics is served only to a bearer of this token",
      });
    }
    if (runningInProduction && e.SANDBOX && !e.ALLOW_SANDBOX_IN_PRODUCTION) {
      ctx.addIssue({
        code: "custom",
        path: ["SANDBOX"],
        message:
          "sandbox sign-in users are refused in a production build; set ALLOW_SANDBOX_IN_PRODUCTION=1 to run the demo build on purpose",
      });
    }
    const oidc = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET].filter(Boolean).length;
    if (oidc > 0 && oidc < 3) {
      ctx.addIssue({
        code: "custom",
        path: ["OIDC_ISSUER"],
        message: "OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together",
      });
    }
  });

export type ServerEnv = z.infer<typeof serverEnvSchema>;

/** "10.0.0.0/8, 192.168.1.7" → [{address, prefix}], or null when an entry is not an IP/CIDR. */
export function parseProxyList(s: string): { address: string; prefix: number; family: "ipv4" | "ipv6" }[] | null {
  const out: { address: string; prefix: number; family: "ipv4" | "ipv6" }[] = [];
  for (const raw of s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean)) {
    const [address = "", prefixText] = raw.split("/");
    const version = isIP(address);
    if (version === 0) return null;
    const max = version === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (
      !Number.isInteger(prefix) ||
      prefix < 0 ||
      prefix > max ||
      (prefixText !== undefined && !/^\d+$/.test(prefixText))
    ) {
      return null;
    }
    out.push({ address, prefix, family: version === 4 ? "ipv4" : "ipv6" });
  }
  return out;
}

/** One line per bad key: "KEY: why". */
export function describeEnvErrors(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "(env)"}: ${i.message}`).join("\n");
}

export function parseEnv(source: Record<string, string | undefined>): ServerEnv {
  // Empty strings mean "unset" (docker/helm often render absent values as "").
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = serverEnvSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(`Invalid environment configuration:\n${describeEnvErrors(result.error)}`);
  }
  return result.data;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

let cached: ServerEnv | undefined;

/** The validated environment, parsed once. */
/**
 * What `migrate deploy` reads: the database and nothing else. The chart's migration Job runs it as the
 * database owner with only that owner's DATABASE_URL, none of the portal's secrets.
 */
export function getMigrationEnv(source: Record<string, string | undefined> = process.env) {
  const result = z.object({ DATABASE_URL: databaseUrl, PGLITE_DIR: pgliteDir }).safeParse(source);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  }
  return result.data;
}

export function getEnv(): ServerEnv {
  cached ??= parseEnv(process.env);
  return cached;
}

/** What a child process (git, ssh) inherits from the portal: where programs are, and the home ssh reads. */
export function childProcessBaseEnv(source: Record<string, string | undefined> = process.env): {
  PATH: string;
  HOME: string;
} {
  return { PATH: source.PATH ?? "/usr/local/bin:/usr/bin:/bin", HOME: source.HOME ?? "/" };
}

/**
 * The session secret. Production requires NEXTAUTH_SECRET; elsewhere a random one is generated
 * once per checkout into .data/dev-nextauth-secret (never a value committed to the repository),
 * read from the file so every server bundle and restart agrees on it.
 */
export function authSecret(e: ServerEnv = getEnv()): string {
  if (e.NEXTAUTH_SECRET) return e.NEXTAUTH_SECRET;
  if (e.NODE_ENV === "production" && e.NEXT_PHASE !== "phase-production-build") {
    throw new ConfigError("NEXTAUTH_SECRET is required in production");
  }
  devSecret ??= readOrCreateDevSecret(join(process.cwd(), ".data", "dev-nextauth-secret"));
  return devSecret;
}

let devSecret: string | undefined;

export function readOrCreateDevSecret(file: string): string {
  if (existsSync(file)) {
    const s = readFileSync(file, "utf8").trim();
    if (s.length >= 32) return s;
  }
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
