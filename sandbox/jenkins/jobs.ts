// Loads the Jenkins job definitions the infrastructure tree declares (infra/jenkins/jobs.yaml):
// job → parameters → stages [{name, command}]. The emulator runs those commands as a Jenkins
// agent would run the Jenkinsfile's `sh` steps.
import { existsSync, readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";

const parameterSchema = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment-variable name"),
  type: z.enum(["string", "choice", "boolean", "text", "password"]).optional(),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  choices: z.array(z.union([z.string(), z.number()])).optional(),
  description: z.string().optional(),
});
const stageSchema = z.object({ name: z.string().min(1), command: z.string().min(1) });
const jobSchema = z.object({
  description: z.string().optional(),
  /** Jenkins' default for pipelines is to allow concurrent builds; infra jobs disable it. */
  concurrent: z.boolean().optional(),
  /** Lockable resource (e.g. nura-infra-${ENVIRONMENT}): builds holding the same lock run one at a time. */
  lock: z.string().optional(),
  /** Extra environment of every stage; values may use ${PARAM}. */
  environment: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  /** Archived paths (informational: the emulator archives everything under ARTIFACTS_DIR). */
  artifacts: z.array(z.string()).optional(),
  parameters: z
    .union([
      z.array(parameterSchema),
      z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), parameterSchema.omit({ name: true })])),
    ])
    .optional(),
  stages: z.array(stageSchema).min(1),
});
const fileSchema = z.object({
  jobs: z.union([z.array(jobSchema.extend({ name: z.string().min(1) })), z.record(z.string(), jobSchema)]),
});

export interface JobParameter {
  name: string;
  type: "string" | "choice" | "boolean" | "text" | "password";
  default: string;
  choices?: string[];
  description?: string;
}
export interface JobDefinition {
  name: string;
  description: string;
  concurrent: boolean;
  lock?: string;
  environment: Record<string, string>;
  parameters: JobParameter[];
  stages: { name: string; command: string }[];
}

export class JobsFileError extends Error {
  override name = "JobsFileError";
}

export function parseJobs(text: string, source: string): JobDefinition[] {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new JobsFileError(`${source}: not valid YAML: ${(err as Error).message}`);
  }
  const r = fileSchema.safeParse(raw);
  if (!r.success) {
    throw new JobsFileError(
      `${source} is invalid:\n${r.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`).join("\n")}`,
    );
  }
  const entries = Array.isArray(r.data.jobs)
    ? r.data.jobs.map((j) => [j.name, j] as const)
    : Object.entries(r.data.jobs);
  return entries.map(([name, j]) => {
    const params: JobParameter[] = [];
    if (Array.isArray(j.parameters)) {
      for (const p of j.parameters) params.push(normalize(p.name, p));
    } else if (j.parameters) {
      for (const [pname, v] of Object.entries(j.parameters)) {
        params.push(typeof v === "object" ? normalize(pname, v) : normalize(pname, { default: v }));
      }
    }
    const environment = Object.fromEntries(Object.entries(j.environment ?? {}).map(([k, v]) => [k, String(v)]));
    return {
      name,
      description: j.description ?? "",
      concurrent: j.concurrent ?? false,
      lock: j.lock,
      environment,
      parameters: params,
      stages: j.stages,
    };
  });
}

function normalize(name: string, p: Omit<z.infer<typeof parameterSchema>, "name">): JobParameter {
  const choices = p.choices?.map(String);
  const type = p.type ?? (choices ? "choice" : typeof p.default === "boolean" ? "boolean" : "string");
  return { name, type, default: String(p.default ?? choices?.[0] ?? ""), choices, description: p.description };
}

/** Reads the jobs file; a missing file is an error that says who provides it. */
export function loadJobs(path: string): JobDefinition[] {
  if (!existsSync(path)) {
    throw new JobsFileError(
      `Jenkins jobs file ${path} does not exist. It is written by the infrastructure tree (infra/jenkins/jobs.yaml); set SANDBOX_JENKINS_JOBS to another file to use it instead.`,
    );
  }
  return parseJobs(readFileSync(path, "utf8"), path);
}

/** Expands ${NAME} references to build parameters (as the Jenkinsfile's Groovy strings would). */
export function interpolate(text: string, params: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (m, k: string) => params[k] ?? m);
}
