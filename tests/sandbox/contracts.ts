// Validators built from the vendored upstream definitions in contracts/ (see contracts/README.md). Every object schema
// is made strict (no properties beyond the definition), openapi2jsonschema-style, so an emulator
// cannot invent fields the real API does not have. What it must not leave out is the required-field
// overlay: ARGOCD_REQUIRED below, and required-fields.ts for the systems without such a definition.
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export const CONTRACTS_DIR = process.env.NURA_CONTRACTS_DIR ?? new URL("../../contracts/", import.meta.url).pathname;

type Schema = Record<string, unknown>;

function strictify(defs: Record<string, Schema>): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  const refName = (ref: string) => ref.replace("#/definitions/", "");
  for (const [name, def] of Object.entries(defs)) {
    const copy = structuredClone(def);
    // allOf [$ref] + properties: merge the referenced properties so strictness sees them all.
    if (Array.isArray(copy.allOf)) {
      const props = { ...((copy.properties as Schema) ?? {}) };
      for (const part of copy.allOf as Schema[]) {
        const target = typeof part.$ref === "string" ? defs[refName(part.$ref)] : part;
        Object.assign(props, (target?.properties as Schema) ?? {});
      }
      copy.properties = props;
      delete copy.allOf;
    }
    if (copy.type === "object" && copy.properties && copy.additionalProperties === undefined)
      copy.additionalProperties = false;
    out[name] = copy;
  }
  return out;
}

export function contractValidator(swaggerPath: string, patch: (defs: Record<string, Schema>) => void = () => {}) {
  const swagger = JSON.parse(readFileSync(swaggerPath, "utf8")) as { definitions: Record<string, Schema> };
  const defs = strictify(swagger.definitions);
  patch(defs);
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  ajv.addSchema({ $id: "contract", definitions: defs });
  const cache = new Map<string, ValidateFunction>();
  return (definition: string, value: unknown): string[] => {
    if (!defs[definition]) throw new Error(`no definition ${definition} in ${swaggerPath}`);
    let v = cache.get(definition);
    if (!v) {
      v = ajv.compile({ $ref: `contract#/definitions/${definition}` });
      cache.set(definition, v);
    }
    return v(value)
      ? []
      : (v.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
  };
}

/** Adds `required` entries to definitions (the swagger files mark nothing required). */
export function requireFields(overlay: Record<string, readonly string[]>) {
  return (defs: Record<string, Schema>) => {
    for (const [definition, fields] of Object.entries(overlay)) {
      const def = defs[definition];
      if (!def) throw new Error(`required-field overlay names ${definition}, which the contract does not define`);
      const props = (def.properties as Schema | undefined) ?? {};
      for (const f of fields) if (!(f in props)) throw new Error(`${definition} has no property ${f} to require`);
      def.required = [...new Set([...((def.required as string[]) ?? []), ...fields])];
    }
  };
}

/**
 * What real Argo CD always sends, for the fields the portal reads (lib/integrations/argocd/schemas.ts). Taken
 * from its Go types (argoproj/argo-cd pkg/apis/application/v1alpha1/types.go, 3.x): a field whose json tag has
 * no omitempty, or a struct-valued field (encoding/json never omits a struct), is always on the wire. The
 * Kubernetes API server gives every stored object a metadata.name. Error bodies are grpc-gateway's
 * runtime.Error: code and message always set (contracts/NOTES.md).
 */
export const ARGOCD_REQUIRED = {
  v1alpha1Application: ["metadata", "spec", "status"], // metadata/spec: no omitempty; status: a struct
  v1ObjectMeta: ["name"],
  v1alpha1ApplicationStatus: ["sync", "health", "summary"], // struct-valued
  v1alpha1SyncStatus: ["status"], // Status SyncStatusCode `json:"status"`
  v1alpha1RevisionHistory: ["deployedAt", "id"], // `json:"deployedAt"`, `json:"id"`
  v1alpha1OperationState: ["operation", "phase", "startedAt"], // no omitempty on any of the three
  v1alpha1SyncOperationResult: ["revision"], // Revision string `json:"revision"`
  runtimeError: ["code", "message"],
} as const;

export const argocdContract = () =>
  contractValidator(`${CONTRACTS_DIR}argocd/swagger.json`, requireFields(ARGOCD_REQUIRED));

/** For `fields=` projections, which drop whatever was not asked for: strict about names, nothing required. */
export const argocdProjectionContract = () => contractValidator(`${CONTRACTS_DIR}argocd/swagger.json`);

export const kubernetesContract = () =>
  contractValidator(`${CONTRACTS_DIR}kubernetes/swagger.json`, (defs) => {
    // IntOrString is "type: string, format: int-or-string" in OpenAPI v2 but accepts numbers.
    defs["io.k8s.apimachinery.pkg.util.intstr.IntOrString"] = { anyOf: [{ type: "string" }, { type: "integer" }] };
  });
