#!/usr/bin/env python3
"""Checks the manifests under deploy/ without a cluster: each file parses as YAML, the Indexed
Job and the CronJob run as many shards as they tell hush (--shards), tokens come from Secrets and
never from arguments, every container asks for resources, and the GitHub workflow's matrix
matches its SHARDS. Exits 77 (CTest's skip) when PyYAML is not installed."""

import pathlib
import re
import sys

try:
    import yaml
except ImportError:
    sys.stderr.write("PyYAML not installed: deploy manifests not checked\n")
    sys.exit(77)

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def pod_spec_of(doc):
    if doc["kind"] == "Job":
        return doc["spec"], doc["spec"]["template"]["spec"]
    if doc["kind"] == "CronJob":
        job = doc["spec"]["jobTemplate"]["spec"]
        return job, job["template"]["spec"]
    return None, None


def shards_in(container):
    text = " ".join(container.get("command", []) + container.get("args", []))
    match = re.search(r"--shards[= ](\d+)", text)
    return int(match.group(1)) if match else None, text


def check_kubernetes(directory):
    kinds = set()
    for path in sorted(directory.glob("*.yaml")):
        docs = [d for d in yaml.safe_load_all(path.read_text()) if d]
        check(docs, "%s: no document" % path.name)
        for doc in docs:
            kinds.add(doc["kind"])
            job, pod = pod_spec_of(doc)
            if pod is None:
                continue
            for container in pod.get("containers", []) + pod.get("initContainers", []):
                shards, text = shards_in(container)
                if container in pod.get("containers", []):
                    check("requests" in container.get("resources", {}), "%s: %s has no resource requests" % (path.name, container["name"]))
                check(not re.search(r"(?i)token\s*=|ghp_|glpat-", text), "%s: a token in the arguments" % path.name)
                if shards is not None:
                    check(job.get("completionMode") == "Indexed", "%s: --shards outside an Indexed Job" % path.name)
                    check(job.get("completions") == shards == job.get("parallelism"),
                          "%s: completions/parallelism differ from --shards %s" % (path.name, shards))
                for env in container.get("env", []):
                    if "TOKEN" in env["name"]:
                        check("secretKeyRef" in env.get("valueFrom", {}), "%s: %s not from a Secret" % (path.name, env["name"]))
            check(any(v.get("persistentVolumeClaim") for v in pod.get("volumes", [])), "%s: no persistent volume" % path.name)
    for kind in ("Job", "CronJob", "PersistentVolumeClaim", "Secret"):
        check(kind in kinds, "deploy/kubernetes has no %s" % kind)


def check_workflows(directory):
    paths = sorted(directory.glob("*.yml"))
    check(paths, "deploy/github-actions has no workflow")
    for path in paths:
        doc = yaml.safe_load(path.read_text())
        jobs = doc["jobs"]
        shards = int(doc["env"]["SHARDS"])
        check(jobs["scan"]["strategy"]["matrix"]["shard"] == list(range(shards)), "%s: matrix is not 0..SHARDS-1" % path.name)
        check(jobs["merge"]["needs"] == "scan", "%s: merge does not wait for the shards" % path.name)
        for step in jobs["scan"]["steps"]:
            check("secrets." not in step.get("run", ""), "%s: a secret in a command line" % path.name)


def main():
    root = pathlib.Path(sys.argv[1])
    check_kubernetes(root / "kubernetes")
    check_workflows(root / "github-actions")
    for failure in failures:
        sys.stderr.write(failure + "\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
