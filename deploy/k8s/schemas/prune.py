"""Rebuilds the Kubernetes JSON schemas vendored here, one small file per kind the manifests use.

Source: the `-local-strict` schemas that the PyPI package kubernetes-validate ships (generated
from the Kubernetes OpenAPI document; strict: unknown fields are errors). Each output file holds
the kind's schema and only the definitions it reaches, descriptions removed, so the CI test
(tests/deploy/test_kubernetes.py) validates without network and without the 22 MB package.

    pip download --no-deps kubernetes-validate==1.37.0 -d /tmp/kv
    unzip -q /tmp/kv/*.whl -d /tmp/kv/x
    python deploy/k8s/schemas/prune.py /tmp/kv/x/kubernetes_validate/kubernetes-json-schema/v1.33.0-local-strict
"""

import json
import sys
from pathlib import Path
from typing import Any

KINDS = {
    "ConfigMap": "configmap-v1.json",
    "Deployment": "deployment-apps-v1.json",
    "Ingress": "ingress-networking-v1.json",
    "Job": "job-batch-v1.json",
    "NetworkPolicy": "networkpolicy-networking-v1.json",
    "PodDisruptionBudget": "poddisruptionbudget-policy-v1.json",
    "Secret": "secret-v1.json",
    "Service": "service-v1.json",
}
REF_PREFIXES = ("/api/_definitions.json#/$defs/", "#/$defs/")


def _strip(node: Any, reached: set[str]) -> Any:
    """The node without descriptions, its references local; collects the names it refers to."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "description":
                continue
            if key == "$ref" and isinstance(value, str) and value.startswith(REF_PREFIXES):
                name = value.split("/$defs/", 1)[1]
                reached.add(name)
                out[key] = f"#/$defs/{name}"
            else:
                out[key] = _strip(value, reached)
        return out
    if isinstance(node, list):
        return [_strip(item, reached) for item in node]
    return node


def prune(source: Path, target: Path) -> None:
    definitions = json.loads((source / "_definitions.json").read_text())["$defs"]
    version = source.name.split("-", 1)[0]
    for kind, file_name in KINDS.items():
        reached: set[str] = set()
        schema = _strip(json.loads((source / file_name).read_text()), reached)
        kept: dict[str, Any] = {}
        pending = set(reached)
        while pending:
            name = pending.pop()
            found: set[str] = set()
            kept[name] = _strip(definitions[name], found)
            pending |= found - kept.keys()
        schema["$defs"] = dict(sorted(kept.items()))
        schema["$comment"] = f"Kubernetes {version} {kind}, pruned by deploy/k8s/schemas/prune.py"
        (target / f"{kind.lower()}.json").write_text(json.dumps(schema, separators=(",", ":"), sort_keys=True) + "\n")


if __name__ == "__main__":
    prune(Path(sys.argv[1]), Path(__file__).resolve().parent)
