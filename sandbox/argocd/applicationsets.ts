// The Applications the emulator serves are generated the way Argo CD's ApplicationSet controller
// generates them: from the templates in infra/argocd/applicationsets (list generator, Go template
// `{{ .key }}` fields), so history limit, sync options, retry and notification annotations are the
// declared ones and follow every change to those files.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { RetryStrategy } from "../world/model";

export const APPLICATIONSETS_DIR = "infra/argocd/applicationsets";
const ENV_LABEL = "nura.io/environment";

/** One generated Application, before the world adds status. */
export interface ApplicationManifest {
  metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> };
  spec: Record<string, unknown> & {
    project: string;
    source: Record<string, unknown> & { targetRevision?: string };
    syncPolicy?: SyncPolicy;
    revisionHistoryLimit?: number;
  };
}

export interface SyncPolicy {
  automated?: { prune?: boolean; selfHeal?: boolean; allowEmpty?: boolean };
  syncOptions?: string[];
  retry?: RetryStrategy;
  [k: string]: unknown;
}

type Elements = Record<string, unknown>[];
interface AppSetTemplate {
  file: string;
  template: Record<string, unknown>;
  elements: Elements;
}

/** `{{ .app }}` (Go template field access) with goTemplateOptions missingkey=error. */
function substitute(value: unknown, params: Record<string, unknown>, where: string): unknown {
  if (typeof value === "string") {
    return value.replace(/\{\{\s*\.([A-Za-z_][\w]*)\s*\}\}/g, (_, key: string) => {
      if (!(key in params)) throw new Error(`${where}: template uses .${key}, which the generator does not set`);
      return String(params[key]);
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, params, where));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, params, where)]));
  }
  return value;
}

export class ApplicationSets {
  /** Rendered once per app × env: the files are read at start-up, like a generated Application. */
  private cache = new Map<string, ApplicationManifest | undefined>();

  private constructor(private byEnv: Map<string, AppSetTemplate>) {}

  /** Reads every ApplicationSet under infra/argocd/applicationsets (none: an empty set). */
  static load(sourceRoot: string): ApplicationSets {
    const dir = join(sourceRoot, APPLICATIONSETS_DIR);
    const byEnv = new Map<string, AppSetTemplate>();
    if (!existsSync(dir)) return new ApplicationSets(byEnv);
    for (const name of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
      const file = join(dir, name);
      const doc = parse(readFileSync(file, "utf8")) as {
        kind?: string;
        spec?: { template?: Record<string, unknown>; generators?: { list?: { elements?: Elements } }[] };
      };
      if (doc?.kind !== "ApplicationSet" || !doc.spec?.template) continue;
      const labels = ((doc.spec.template.metadata as { labels?: Record<string, string> })?.labels ?? {}) as Record<
        string,
        string
      >;
      const env = labels[ENV_LABEL];
      if (!env) continue;
      const elements = (doc.spec.generators ?? []).flatMap((g) => g.list?.elements ?? []);
      byEnv.set(env, { file, template: doc.spec.template, elements });
    }
    return new ApplicationSets(byEnv);
  }

  has(env: string): boolean {
    return this.byEnv.has(env);
  }

  /**
   * The Application the ApplicationSet of `env` generates for `app`. Apps the list generator does not
   * name (the sandbox's synthetic svc-NN) get the same template with `{app}` as their element.
   */
  render(env: string, app: string): ApplicationManifest | undefined {
    const key = `${env}\u0000${app}`;
    if (!this.cache.has(key)) this.cache.set(key, this.generate(env, app));
    const m = this.cache.get(key);
    return m && structuredClone(m);
  }

  private generate(env: string, app: string): ApplicationManifest | undefined {
    const set = this.byEnv.get(env);
    if (!set) return undefined;
    const element = set.elements.find((e) => e.app === app) ?? { app };
    const out = substitute(structuredClone(set.template), element, set.file) as {
      metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
      spec?: ApplicationManifest["spec"];
    };
    if (!out.spec?.source || !out.spec.project) throw new Error(`${set.file}: template has no spec.source/project`);
    return {
      metadata: {
        name: out.metadata?.name ?? `${app}-${env}`,
        labels: out.metadata?.labels ?? {},
        annotations: out.metadata?.annotations ?? {},
      },
      spec: out.spec,
    };
  }
}
