#!/usr/bin/env python3
"""Generate kubeconform JSON schemas offline from the vendored contracts/ (see contracts/README.md).

Usage: gen-kube-schemas.py <contracts-dir> <out-dir>

Inputs: kubernetes/swagger.json (OpenAPI v2, every definition with x-kubernetes-group-version-kind)
and every CRD YAML under argocd/ and prometheus-operator/. For each kind and version it writes
<kind>_<group>_<version>.json and a strict variant <kind>_<group>_<version>-strict.json
(additionalProperties: false wherever the schema lists properties, as openapi2jsonschema --strict does),
matching kubeconform's -schema-location template
'<out>/{{ .ResourceKind }}_{{ .Group }}_{{ .ResourceAPIVersion }}{{ .StrictSuffix }}.json'
(for the core group kubeconform's .Group is the version, e.g. service_v1_v1.json).
"""

import copy
import glob
import json
import os
import sys

import yaml

INT_OR_STRING = {"oneOf": [{"type": "string"}, {"type": "integer"}]}
QUANTITY = {"oneOf": [{"type": "string"}, {"type": "number"}]}


def strictify(node):
    """additionalProperties: false on every object schema that lists properties and says nothing else."""
    if isinstance(node, dict):
        if (
            "properties" in node
            and "additionalProperties" not in node
            and not node.get("x-kubernetes-preserve-unknown-fields")
        ):
            node["additionalProperties"] = False
        for v in node.values():
            strictify(v)
    elif isinstance(node, list):
        for v in node:
            strictify(v)
    return node


def fix_crd_schema(node):
    if isinstance(node, dict):
        if node.get("x-kubernetes-int-or-string"):
            extra = {k: v for k, v in node.items() if k not in ("type", "anyOf", "x-kubernetes-int-or-string")}
            node.clear()
            node.update(copy.deepcopy(INT_OR_STRING), **extra)
        for v in list(node.values()):
            fix_crd_schema(v)
    elif isinstance(node, list):
        for v in node:
            fix_crd_schema(v)
    return node


class SwaggerExpander:
    def __init__(self, definitions):
        self.defs = definitions
        self.cache = {}

    def expand(self, node, stack=()):
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                name = node["$ref"].split("/")[-1]
                if name in stack:  # recursive type (JSONSchemaProps): accept anything below
                    return {}
                return self.definition(name, stack)
            out = {}
            for k, v in node.items():
                if k in ("x-kubernetes-group-version-kind", "x-kubernetes-list-map-keys", "x-kubernetes-list-type",
                         "x-kubernetes-patch-merge-key", "x-kubernetes-patch-strategy", "x-kubernetes-unions",
                         "x-kubernetes-map-type"):
                    continue
                out[k] = self.expand(v, stack)
            if out.get("format") == "int-or-string":
                return copy.deepcopy(INT_OR_STRING)
            return out
        if isinstance(node, list):
            return [self.expand(v, stack) for v in node]
        return node

    def definition(self, name, stack=()):
        if name.endswith("apimachinery.pkg.api.resource.Quantity"):
            return copy.deepcopy(QUANTITY)
        if name.endswith("apimachinery.pkg.util.intstr.IntOrString"):
            return copy.deepcopy(INT_OR_STRING)
        if name in self.cache and not stack:
            return copy.deepcopy(self.cache[name])
        result = self.expand(self.defs[name], stack + (name,))
        if not stack:
            self.cache[name] = result
        return copy.deepcopy(result)


def write(out_dir, kind, group, version, schema, counts):
    group_key = group or version  # kubeconform's .Group for the core group is the version
    base = f"{kind.lower()}_{group_key}_{version}"
    api_version = f"{group}/{version}" if group else version
    props = schema.setdefault("properties", {})
    props["apiVersion"] = {"type": "string", "enum": [api_version]}
    props["kind"] = {"type": "string", "enum": [kind]}
    schema.setdefault("type", "object")
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    with open(os.path.join(out_dir, base + ".json"), "w") as f:
        json.dump(schema, f)
    with open(os.path.join(out_dir, base + "-strict.json"), "w") as f:
        json.dump(strictify(copy.deepcopy(schema)), f)
    counts[0] += 1


def main(contracts, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    counts = [0]
    swagger = json.load(open(os.path.join(contracts, "kubernetes", "swagger.json")))
    defs = swagger["definitions"]
    expander = SwaggerExpander(defs)
    for name, d in defs.items():
        for gvk in d.get("x-kubernetes-group-version-kind", []):
            # List kinds and the metav1 option types are not manifests anyone writes.
            if gvk["kind"].endswith("List") or gvk["kind"] in ("WatchEvent", "DeleteOptions", "Status", "APIGroup",
                                                                 "APIResourceList", "APIVersions", "APIGroupList"):
                continue
            if len(d.get("x-kubernetes-group-version-kind", [])) > 1:
                continue
            write(out_dir, gvk["kind"], gvk["group"], gvk["version"], expander.definition(name), counts)
    for path in sorted(glob.glob(os.path.join(contracts, "*", "*.yaml"))):
        for doc in yaml.safe_load_all(open(path)):
            if not doc or doc.get("kind") != "CustomResourceDefinition":
                continue
            spec = doc["spec"]
            for v in spec["versions"]:
                schema = copy.deepcopy(v["schema"]["openAPIV3Schema"])
                write(out_dir, spec["names"]["kind"], spec["group"], v["name"], fix_crd_schema(schema), counts)
    print(f"{counts[0]} kinds → {out_dir}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
