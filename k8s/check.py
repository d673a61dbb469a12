#!/usr/bin/python3
"""Checks the Kubernetes manifests against the code they deploy, with no cluster at hand: every document parses and is
listed in kustomization.yaml; each workload runs a real module's image; every BERTH_/QUARKUS_/KAFKA_ variable it sets
is a property that module reads (Quarkus' env-var mapping); probes, ports, Services and the URLs in berth-config agree
with each module's quarkus.http.port; every Secret and ConfigMap referenced is defined here or named in README.md."""
import pathlib
import re
import sys

import yaml

K8S = pathlib.Path(__file__).resolve().parent
ROOT = K8S.parent
errors = []


def fail(msg):
    errors.append(msg)


def env_name(prop):
    return re.sub(r"[^A-Za-z0-9]", "_", prop).upper()


def module_properties(module):
    """Every property name the module reads, as an env var name."""
    names = set()
    props = ROOT / module / "src/main/resources/application.properties"
    for line in props.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        names.add(env_name(re.sub(r"^%[^.]+\.", "", key.strip())))
        names.update(re.findall(r"\$\{([A-Z][A-Z0-9_]*):", value))
    for src in [ROOT / module / "src/main/java", ROOT / "service-support/src/main/java"]:
        for java in src.rglob("*.java"):
            text = java.read_text()
            names.update(env_name(n) for n in re.findall(r'@ConfigProperty\(name = "([^"]+)"', text))
            for prefix in re.findall(r'@ConfigMapping\(prefix = "([^"]+)"', text):
                for method in re.findall(r"^\s+\w[\w<>, ]*\s+(\w+)\(\);", text, re.M):
                    kebab = re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", method).lower()
                    names.add(env_name(prefix + "." + kebab))
    return names


def http_port(module):
    props = (ROOT / module / "src/main/resources/application.properties").read_text()
    return int(re.search(r"^quarkus\.http\.port=(\d+)", props, re.M).group(1))


docs = []
for path in sorted(K8S.glob("*.yaml")):
    try:
        for doc in yaml.safe_load_all(path.read_text()):
            if doc is None:
                continue
            if not all(k in doc for k in ("apiVersion", "kind")):
                fail(f"{path.name}: a document without apiVersion or kind")
                continue
            docs.append((path.name, doc))
    except yaml.YAMLError as e:
        fail(f"{path.name}: not YAML: {e}")

kustomization = next((d for f, d in docs if d["kind"] == "Kustomization"), None)
listed = set(kustomization["resources"]) if kustomization else set()
for path in K8S.glob("*.yaml"):
    if path.name != "kustomization.yaml" and path.name not in listed:
        fail(f"kustomization.yaml does not list {path.name}")
for name in listed:
    if not (K8S / name).exists():
        fail(f"kustomization.yaml lists {name}, which does not exist")

readme = (K8S / "README.md").read_text()
by_kind = {}
for f, d in docs:
    if d["kind"] in ("Kustomization",):
        continue
    by_kind.setdefault(d["kind"], {})[d["metadata"]["name"]] = d
    if d["kind"] != "Namespace" and d["metadata"].get("namespace") != "berth":
        fail(f"{f}: {d['kind']} {d['metadata']['name']} is not in namespace berth")

config = by_kind.get("ConfigMap", {}).get("berth-config", {}).get("data", {})
services = by_kind.get("Service", {})
workloads = {**by_kind.get("Deployment", {}), **by_kind.get("DaemonSet", {})}
modules_seen = set()
for name, w in workloads.items():
    spec = w["spec"]
    labels = spec["template"]["metadata"]["labels"]
    for k, v in spec["selector"]["matchLabels"].items():
        if labels.get(k) != v:
            fail(f"{name}: selector {k}={v} does not match its pod labels")
    module = labels.get("app.kubernetes.io/name")
    if not (ROOT / module / "pom.xml").exists():
        fail(f"{name}: app.kubernetes.io/name {module} is no module")
        continue
    modules_seen.add(module)
    known = module_properties(module)
    port = http_port(module)
    for c in spec["template"]["spec"]["containers"]:
        if not c["image"].startswith(f"berth/{module}:"):
            fail(f"{name}: image {c['image']} is not berth/{module}")
        for src in c.get("envFrom", []):
            ref = src.get("configMapRef", {}).get("name")
            if ref not in by_kind.get("ConfigMap", {}):
                fail(f"{name}: envFrom names ConfigMap {ref}, defined nowhere")
        for e in c.get("env", []):
            secret = e.get("valueFrom", {}).get("secretKeyRef", {}).get("name")
            if secret and secret not in by_kind.get("Secret", {}) and secret not in readme:
                fail(f"{name}: Secret {secret} is neither defined here nor explained in README.md")
            if re.match(r"(BERTH|QUARKUS|KAFKA)_", e["name"]) and e["name"] not in known:
                fail(f"{name}: {e['name']} is no property {module} reads")
        probe = c.get("readinessProbe", {}).get("httpGet", {})
        if probe.get("port") != port or probe.get("path") != "/internal/ready":
            fail(f"{name}: readiness probe {probe} is not /internal/ready on {port}")
        if port not in [p["containerPort"] for p in c.get("ports", [])]:
            fail(f"{name}: does not declare container port {port}")
    for v in spec["template"]["spec"].get("volumes", []):
        secret = v.get("secret", {}).get("secretName")
        if secret and secret not in by_kind.get("Secret", {}) and secret not in readme:
            fail(f"{name}: Secret {secret} is neither defined here nor explained in README.md")
    if module != "api-gateway":
        svc = services.get(f"berth-{module}")
        if not svc:
            fail(f"no Service berth-{module}")
        else:
            if svc["spec"]["selector"].get("app.kubernetes.io/name") != module:
                fail(f"Service berth-{module} selects {svc['spec']['selector']}")
            if [p["targetPort"] for p in svc["spec"]["ports"]] != [port]:
                fail(f"Service berth-{module} targets {svc['spec']['ports']}, not {port}")
        url = config.get(env_name(f"berth.{module.replace('host-', '')}.url"))
        if url != f"http://berth-{module}.berth.svc:{port}":
            fail(f"berth-config's URL of {module} is {url}, not http://berth-{module}.berth.svc:{port}")

for var in config:
    if re.match(r"(BERTH|QUARKUS|KAFKA)_", var) and not any(var in module_properties(m) for m in modules_seen):
        fail(f"berth-config: {var} is read by no module")
for module in ("api-gateway", "container-service", "image-service", "network-service", "host-executor"):
    if module not in modules_seen:
        fail(f"no workload runs {module}")

for e in errors:
    print(f"k8s/check.py: {e}", file=sys.stderr)
if errors:
    sys.exit(1)
print(f"k8s/check.py: {len(docs)} documents, {len(workloads)} workloads agree with the code")
