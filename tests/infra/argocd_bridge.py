#!/usr/bin/env python3
"""The GitOps bridge as data: what the ApplicationSets' cluster generators make of the cluster Secrets.

Argo CD's cluster generator (applicationset/generators/cluster.go) gives each selected cluster Secret the
parameters `name`, `nameNormalized`, `server`, `metadata.labels`, `metadata.annotations`, and the generator's
`values` (themselves templated with those) as `.values.<key>`. This module evaluates our templates the same
way, for the subset of Go templates they use: `{{ .a.b }}` (a missing key is an error, as with
missingkey=error) and `{{ index .a.b "key" }}` (a missing key gives "", as Go's index does). Anything
else fails loudly rather than being guessed.

cluster_secret(env) is the Secret scripts/ci/argocd-cluster-secret.py renders from the `argocd_cluster`
output, its keys derived from the HCL (infra/modules/platform/outputs.tf and the role maps of modules/iam
and modules/addons-iam), its values from the environment's terraform.tfvars.

Usage (tests/infra/e2e-moto.sh, on the Secret rendered from a real applied state):
    argocd_bridge.py check-secret <argocd-cluster-<env>.yaml>
Exit 1 when an ApplicationSet selecting that cluster reads an annotation it lacks or holds empty.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
ARGOCD = ROOT / "infra" / "argocd"
PLATFORM_OUTPUTS = ROOT / "infra" / "modules" / "platform" / "outputs.tf"
IAM_MAIN = ROOT / "infra" / "modules" / "iam" / "main.tf"
ADDONS_IAM_MAIN = ROOT / "infra" / "modules" / "addons-iam" / "main.tf"
ROLE_ANNOTATION = r'"${replace(k, "-", "_")}_role_arn" => arn'


class TemplateError(Exception):
    pass


# --- Go template subset ------------------------------------------------------------------------------
EXPR = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}")
FIELD = re.compile(r"^((?:\.[A-Za-z_][A-Za-z0-9_]*)+)$")
INDEX = re.compile(r'^index\s+((?:\.[A-Za-z_][A-Za-z0-9_]*)+)\s+"([^"]*)"$')


def _field(params: dict, path: str):
    cur = params
    for part in path.strip(".").split("."):
        if not isinstance(cur, dict) or part not in cur:
            raise TemplateError(f"map has no entry for key {part!r} (in {path})")
        cur = cur[part]
    return cur


def evaluate(expr: str, params: dict) -> str:
    if m := FIELD.match(expr):
        value = _field(params, m.group(1))
    elif m := INDEX.match(expr):
        container = _field(params, m.group(1))
        if not isinstance(container, dict):
            raise TemplateError(f"index of a non-map {m.group(1)}")
        value = container.get(m.group(2), "")  # Go's index: the zero value, not an error
    else:
        raise TemplateError(f"unsupported template expression {{{{ {expr} }}}}: teach tests/infra/argocd_bridge.py")
    if isinstance(value, (dict, list)):
        raise TemplateError(f"{{{{ {expr} }}}} renders a {type(value).__name__}")
    return str(value)


def render(obj, params: dict):
    if isinstance(obj, str):
        return EXPR.sub(lambda m: evaluate(m.group(1), params), obj)
    if isinstance(obj, list):
        return [render(o, params) for o in obj]
    if isinstance(obj, dict):
        return {k: render(v, params) for k, v in obj.items()}
    return obj


def expressions(obj) -> set[str]:
    """Every template expression in a template (strings only)."""
    return set(EXPR.findall(json.dumps(obj)))


def annotations_read(obj) -> set[str]:
    out = set()
    for e in expressions(obj):
        out |= set(re.findall(r"\.metadata\.annotations\.([A-Za-z_][A-Za-z0-9_]*)", e))
        out |= set(re.findall(r'index \.metadata\.annotations "([^"]+)"', e))
    return out


# --- Label selectors ---------------------------------------------------------------------------------
def selects(selector: dict, labels: dict) -> bool:
    for k, v in (selector.get("matchLabels") or {}).items():
        if labels.get(k) != v:
            return False
    for e in selector.get("matchExpressions") or []:
        k, op, vals = e["key"], e["operator"], e.get("values", [])
        ok = {"In": k in labels and labels[k] in vals, "NotIn": labels.get(k) not in vals,
              "Exists": k in labels, "DoesNotExist": k not in labels}.get(op)
        if ok is None:
            raise TemplateError(f"unknown selector operator {op}")
        if not ok:
            return False
    return True


def required_labels(selector: dict) -> set[str]:
    """Labels every cluster the selector selects carries."""
    keys = set(selector.get("matchLabels") or {})
    keys |= {e["key"] for e in selector.get("matchExpressions") or [] if e["operator"] in ("In", "Exists")}
    return keys


# --- Generators --------------------------------------------------------------------------------------
def application_sets() -> list[tuple[str, dict]]:
    out = []
    for path in sorted([*(ARGOCD / "applications").glob("*.yaml"), *(ARGOCD / "applicationsets").glob("*.yaml")]):
        for doc in yaml.safe_load_all(path.read_text()):
            if doc and doc["kind"] == "ApplicationSet":
                out.append((path.name, doc))
    return out


def uses_cluster_generator(appset: dict) -> bool:
    return any("clusters" in g for g in appset["spec"]["generators"])


def _normalized(name: str) -> str:
    # utils.SanitizeName: lower case, anything but [a-z0-9-] becomes "-".
    return re.sub(r"[^a-z0-9-]", "-", name.lower()).strip("-")


def cluster_params(secret: dict, gen: dict) -> dict:
    meta = {k: secret["metadata"][k] for k in ("labels", "annotations") if secret["metadata"].get(k)}
    data = secret["stringData"]
    params = {"name": data["name"], "nameNormalized": _normalized(data["name"]), "server": data["server"], "metadata": meta}
    if gen.get("values"):  # as appendTemplatedValues: templated with the cluster's parameters, only when given
        params["values"] = {k: render(v, params) for k, v in gen["values"].items()}
    return params


def generate(appset: dict, secrets: list[dict]) -> list[tuple[dict, dict]]:
    """(params, rendered template) of every Application the ApplicationSet makes with these cluster Secrets."""
    spec = appset["spec"]
    assert spec.get("goTemplate") and spec.get("goTemplateOptions") == ["missingkey=error"], (
        f"{appset['metadata']['name']}: goTemplate with missingkey=error, so a missing value fails generation")
    out = []
    for gen in spec["generators"]:
        unsupported = set(gen) - {"list", "clusters"}
        assert not unsupported, f"{appset['metadata']['name']}: generator {unsupported}: teach tests/infra/argocd_bridge.py"
        if "list" in gen:
            out += [(e, render(spec["template"], e)) for e in gen["list"]["elements"]]
            continue
        c = gen["clusters"]
        assert "template" not in c, "per-generator templates are not modelled"
        assert c.get("selector"), f"{appset['metadata']['name']}: an empty selector also selects the local in-cluster entry"
        for secret in secrets:
            if selects(c["selector"], secret["metadata"].get("labels", {})):
                params = cluster_params(secret, c)
                out.append((params, render(spec["template"], params)))
    return out


# --- The argocd_cluster output, derived from the HCL ---------------------------------------------------
def _block(text: str, start: str, end: str) -> str:
    i = text.index(start)
    return text[i:text.index(end, i)]


def _tfvar(env: str, name: str) -> str:
    text = (ROOT / "infra" / "environments" / env / "terraform.tfvars").read_text()
    m = re.search(rf'^{name}\s*=\s*\[?"([^"]+)"', text, re.M)
    assert m, f"{env}/terraform.tfvars sets no {name}"
    return m.group(1)


def _hub() -> str:
    text = (ROOT / "infra" / "environments" / "_root" / "variables.tf").read_text()
    return re.search(r'variable "argocd_hub_environment" \{.*?default\s*=\s*"([^"]+)"', text, re.S).group(1)


def output_shape() -> dict:
    """What outputs.tf puts in argocd_cluster's labels and annotations: literal annotation keys, the role
    maps whose keys become <key>_role_arn, the role map whose keys become enable_<key> labels."""
    out = _block(PLATFORM_OUTPUTS.read_text(), 'output "argocd_cluster"', '\noutput "')
    ann = _block(out, "annotations = merge(", "\n    )\n")
    literal = _block(ann, "{", "}")
    role_maps = re.findall(r"\{ for k, arn in module\.(\w+)\.role_arns : " + re.escape(ROLE_ANNOTATION) + " \\}", ann)
    assert ann.count("{ for") == len(role_maps) == 2, "argocd_cluster annotations changed shape: teach tests/infra/argocd_bridge.py"
    labels = _block(out, "labels = merge(", "\n    )\n")
    enable_maps = re.findall(r'\{ for k in keys\(module\.(\w+)\.role_arns\) : "enable_\$\{replace\(k, "-", "_"\)\}" => "true" \}', labels)
    assert '{ "nura.io/environment" = var.environment }' in labels and labels.count("{ for") == len(enable_maps) == 1, (
        "argocd_cluster labels changed shape: teach tests/infra/argocd_bridge.py")
    # `var.<bool> ? { ... } : {}`: keys only in the environments that set the variable (hosts_ci: the Jenkins backup).
    conditional = {}
    for part in (ann, labels):
        found = re.findall(r"var\.(\w+) \? \{(.*?)\} : \{\}", part, re.S)
        assert part.count(" ? ") == len(found), "argocd_cluster changed shape: teach tests/infra/argocd_bridge.py"
        for var, body in found:
            conditional.setdefault(var, []).extend(re.findall(r"(?:^|\{)\s*(\w+)\s+=", body, re.M))
    return {"annotations": re.findall(r"^\s+(\w+)\s+=", literal, re.M), "role_maps": role_maps, "enable_maps": enable_maps,
            "conditional": conditional}


def role_keys(module: str, dns_zone: bool) -> list[str]:
    """Keys of module.<module>.role_arns (aws_iam_role.this's for_each; its name is ${var.name}-<key>)."""
    text = {"iam": IAM_MAIN, "addons_iam": ADDONS_IAM_MAIN}[module].read_text()
    assert 'name                 = "${var.name}-${each.key}"' in text, f"{module}: role names are no longer nura-<env>-<key>"
    if module == "iam":
        return re.findall(r'^\s+([\w-]+)\s+= "system:serviceaccount:', _block(text, "service_accounts = {", "\n  }"), re.M)
    keys = re.findall(r"^\s+([\w-]+)\s+= \{ namespace = ", _block(text, "all_roles = {", "\n  }"), re.M)
    dns_only = re.findall(r'"([\w-]+)"', re.search(r'var\.dns_zone_id != "" \|\| !contains\(\[([^\]]*)\], k\)', text).group(1))
    return [k for k in keys if dns_zone or k not in dns_only]


def _tfvar_bool(env: str, name: str) -> bool:
    text = (ROOT / "infra" / "environments" / env / "terraform.tfvars").read_text()
    return bool(re.search(rf"^{name}\s*=\s*true\s*$", text, re.M))


def argocd_cluster_output(env: str, dns_zone: bool = True) -> dict:
    """`tofu output -json argocd_cluster` of an environment; dns_zone: whether dns_zone_id is set."""
    region, account, hub = _tfvar(env, "region"), _tfvar(env, "allowed_account_ids"), _hub()
    known = {
        "jenkins_backup_bucket": f"nura-{env}-jenkins-backup-{account}",
        "jenkins_backup_role_arn": f"arn:aws:iam::{account}:role/nura-{env}-jenkins-backup",
        "aws_account_id": account, "aws_region": region, "aws_cluster_name": f"nura-{env}",
        "aws_vpc_id": f"vpc-0{env}", "namespace": f"nura-{env}",
        "argocd_hub_role_arn": f"arn:aws:iam::{account}:role/nura-{hub}-argocd-hub",
        "oidc_provider_arn": f"arn:aws:iam::{account}:oidc-provider/oidc.eks.{region}.amazonaws.com/id/{env.upper()}",
    }
    shape = output_shape()
    annotations = {k: known.get(k, f"{k} of nura-{env}") for k in shape["annotations"]}
    labels = {"nura.io/environment": env}
    for module in shape["role_maps"]:
        for k in role_keys(module, dns_zone):
            annotations[f"{k.replace('-', '_')}_role_arn"] = f"arn:aws:iam::{account}:role/nura-{env}-{k}"
    for module in shape["enable_maps"]:
        labels |= {f"enable_{k.replace('-', '_')}": "true" for k in role_keys(module, dns_zone)}
    for var, keys in shape["conditional"].items():
        if _tfvar_bool(env, var):
            for k in keys:
                if k.startswith("enable_"):
                    labels[k] = "true"
                else:
                    annotations[k] = known.get(k, f"{k} of nura-{env}")
    return {
        "name": f"nura-{env}",
        "server": f"https://{env.upper()}0123456789.gr7.{region}.eks.amazonaws.com",
        "config": {"awsAuthConfig": {"clusterName": f"nura-{env}"}, "tlsClientConfig": {"insecure": False, "caData": "bW9jaw=="}},
        "labels": labels,
        "annotations": annotations,
    }


def _renderer():
    spec = importlib.util.spec_from_file_location("argocd_cluster_secret", ROOT / "scripts" / "ci" / "argocd-cluster-secret.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.render


def cluster_secret(env: str, dns_zone: bool = True) -> dict:
    """The cluster Secret scripts/ci/argocd-cluster-secret.py renders from that output."""
    return _renderer()(argocd_cluster_output(env, dns_zone))


# --- e2e: the Secret of a real applied state -----------------------------------------------------------
def check_secret(secret: dict) -> list[str]:
    problems, made = [], []
    annotations = secret["metadata"].get("annotations", {})
    for file, appset in application_sets():
        if not uses_cluster_generator(appset):
            continue
        name = appset["metadata"]["name"]
        try:
            apps = generate(appset, [secret])
        except TemplateError as e:
            problems.append(f"{file}: {name}: {e}")
            continue
        for _params, app in apps:
            made.append(app["metadata"]["name"])
            for key in sorted(annotations_read(appset["spec"]["template"])):
                if not str(annotations.get(key, "")).strip():
                    problems.append(f"{file}: {name} reads annotation {key}, which the Secret lacks or holds empty")
            if app["spec"]["destination"].get("name") != secret["stringData"]["name"]:
                problems.append(f"{file}: {app['metadata']['name']} deploys to {app['spec']['destination']}, not this cluster")
    labels = secret["metadata"].get("labels", {})
    for label in sorted(k for k in labels if k.startswith("enable_")):
        if not str(annotations.get(f"{label.removeprefix('enable_')}_role_arn", "")).strip():
            problems.append(f"label {label} without its {label.removeprefix('enable_')}_role_arn annotation")
    if not made:
        problems.append(f"no ApplicationSet selects this Secret (labels {labels})")
    print(f"{secret['metadata']['name']}: {len(made)} Applications from the cluster Secret: {', '.join(sorted(made))}")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] != "check-secret":
        print(__doc__.split("Usage")[1].strip().splitlines()[1].strip(), file=sys.stderr)
        return 2
    docs = [d for d in yaml.safe_load_all(Path(argv[2]).read_text()) if d]
    (secret,) = docs
    problems = check_secret(secret)
    for p in problems:
        print(f"argocd_bridge: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
