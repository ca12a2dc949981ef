// Validators built from the vendored upstream definitions in contracts/ (see contracts/README.md). Every object schema
// is made strict (no properties beyond the definition), openapi2jsonschema-style, so an emulator
// cannot invent fields the real API does not have.
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

export const argocdContract = () => contractValidator(`${CONTRACTS_DIR}argocd/swagger.json`);

export const kubernetesContract = () =>
  contractValidator(`${CONTRACTS_DIR}kubernetes/swagger.json`, (defs) => {
    // IntOrString is "type: string, format: int-or-string" in OpenAPI v2 but accepts numbers.
    defs["io.k8s.apimachinery.pkg.util.intstr.IntOrString"] = { anyOf: [{ type: "string" }, { type: "integer" }] };
  });
