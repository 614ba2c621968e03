"""The Kubernetes manifests (deploy/k8s/) are valid for Kubernetes 1.33 and fit together.

Each document is validated against the strict JSON schema of its kind (unknown fields are
errors), vendored small under deploy/k8s/schemas/ (prune.py says where they come from); then
what no schema sees: names that refer to each other, beat alone, the variables production needs.
"""

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.deploy.manifests import documents, required_environment
from tests.processes import PROJECT_DIR

K8S_DIR = PROJECT_DIR / "deploy" / "k8s"
SCHEMA_DIR = K8S_DIR / "schemas"
MANIFESTS = sorted(K8S_DIR.glob("*.yaml"))
SECRET_EXAMPLE = K8S_DIR / "secret.yaml.example"


@cache
def validator(kind: str) -> Draft202012Validator:
    path = SCHEMA_DIR / f"{kind.lower()}.json"
    assert path.is_file(), f"no vendored schema for {kind}: add it to deploy/k8s/schemas/prune.py"
    return Draft202012Validator(json.loads(path.read_text()))


def schema_errors(document: dict[str, Any]) -> list[str]:
    return [
        f"{list(error.absolute_path)}: {error.message}" for error in validator(document["kind"]).iter_errors(document)
    ]


def everything() -> list[dict[str, Any]]:
    return [document for path in MANIFESTS for document in documents(path)]


def of_kind(kind: str) -> dict[str, dict[str, Any]]:
    return {document["metadata"]["name"]: document for document in everything() if document["kind"] == kind}


def pod_specs() -> dict[str, dict[str, Any]]:
    workloads = {**of_kind("Deployment"), **of_kind("Job")}
    return {name: workload["spec"]["template"]["spec"] for name, workload in workloads.items()}


def selects(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(key) == value for key, value in selector.items())


def test_there_are_manifests_and_schemas_for_each_of_their_kinds() -> None:
    kinds = {document["kind"] for document in everything()}
    assert {"Deployment", "Service", "Ingress", "ConfigMap", "NetworkPolicy", "PodDisruptionBudget", "Job"} <= kinds


@pytest.mark.parametrize("path", [*MANIFESTS, SECRET_EXAMPLE], ids=lambda path: Path(path).name)
def test_every_manifest_is_valid_for_its_kind(path: Path) -> None:
    for document in documents(path):
        assert schema_errors(document) == [], document["metadata"]["name"]


def test_a_misspelt_field_or_a_wrong_type_is_rejected() -> None:
    web = of_kind("Deployment")["ksmm-web"]
    misspelt = copy.deepcopy(web)
    misspelt["spec"]["replica"] = 3
    assert schema_errors(misspelt)
    wrong_type = copy.deepcopy(web)
    wrong_type["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"] = "http"
    assert schema_errors(wrong_type)
    no_selector = copy.deepcopy(web)
    del no_selector["spec"]["selector"]
    assert schema_errors(no_selector)


def test_beat_runs_exactly_once_and_is_never_rolled_over() -> None:
    beat = of_kind("Deployment")["ksmm-beat"]
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"] == {"type": "Recreate"}
    assert "ksmm-beat" not in {pdb["metadata"]["name"] for pdb in of_kind("PodDisruptionBudget").values()}


def test_web_and_workers_run_several_and_each_has_a_disruption_budget() -> None:
    deployments = of_kind("Deployment")
    budgets = of_kind("PodDisruptionBudget").values()
    for name in ("ksmm-web", "ksmm-worker"):
        deployment = deployments[name]
        assert deployment["spec"]["replicas"] >= 2
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert [b for b in budgets if selects(b["spec"]["selector"]["matchLabels"], labels)], name


def test_every_pod_gets_every_variable_production_requires() -> None:
    config = set(of_kind("ConfigMap")["ksmm-config"]["data"])
    (secret,) = documents(SECRET_EXAMPLE)
    provided = {"ConfigMap": {"ksmm-config": config}, "Secret": {secret["metadata"]["name"]: set(secret["stringData"])}}
    for name, pod in pod_specs().items():
        for container in pod["containers"]:
            names: set[str] = {variable["name"] for variable in container.get("env", [])}
            for source in container["envFrom"]:
                kind, reference = (
                    ("ConfigMap", source["configMapRef"])
                    if "configMapRef" in source
                    else ("Secret", source["secretRef"])
                )
                assert reference["name"] in provided[kind], (name, reference)
                names |= provided[kind][reference["name"]]
            assert required_environment() - names == set(), name
            assert "DJANGO_SETTINGS_MODULE" in names


def test_every_pod_runs_unprivileged_on_a_read_only_root() -> None:
    for name, pod in pod_specs().items():
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert pod["automountServiceAccountToken"] is False, name
        for container in pod["containers"]:
            context = container["securityContext"]
            assert context["readOnlyRootFilesystem"] is True and context["allowPrivilegeEscalation"] is False, name


def test_the_service_ingress_and_network_policy_reach_the_web_pods() -> None:
    web = of_kind("Deployment")["ksmm-web"]["spec"]["template"]
    labels = web["metadata"]["labels"]
    port_names = {port["name"]: port["containerPort"] for port in web["spec"]["containers"][0]["ports"]}
    service = of_kind("Service")["ksmm-web"]
    assert selects(service["spec"]["selector"], labels)
    service_ports = {port["name"] for port in service["spec"]["ports"]}
    assert {port["targetPort"] for port in service["spec"]["ports"]} <= set(port_names)
    for rule in of_kind("Ingress")["ksmm"]["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            backend = path["backend"]["service"]
            assert backend["name"] == "ksmm-web" and backend["port"]["name"] in service_ports
    allowed = [
        policy for policy in of_kind("NetworkPolicy").values()
        if policy["spec"].get("ingress") and selects(policy["spec"]["podSelector"]["matchLabels"], labels)
    ]  # fmt: skip
    assert allowed
    assert {port["port"] for rule in allowed[0]["spec"]["ingress"] for port in rule["ports"]} == set(
        port_names.values()
    )


def test_web_worker_beat_and_migrations_run_the_same_image() -> None:
    images = {container["image"] for pod in pod_specs().values() for container in pod["containers"]}
    assert len(images) == 1
