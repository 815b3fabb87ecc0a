"""The rendered Kubernetes objects agree with the app and the compose file,
so that the three cannot drift apart: probe paths are routes of the app,
every environment variable is a setting it reads, the ports are the ones it
binds, the tasks are its tasks, the image tags are the ones scripts/release
pushes, and the commands are compose's.

    python3 check.py RENDERED_DIR SUPERLISTS_BINARY COMPOSE_JSON RELEASE_SCRIPT

RENDERED_DIR holds one `<overlay>.yaml` per overlay (kubectl kustomize);
COMPOSE_JSON is `compose config --format json`. Prints one line per overlay,
exits 1 with every disagreement found.
"""

import json
import pathlib
import subprocess
import sys

import yaml

# Made outside git (docs/deploy.md, "Running past one machine"); the app reads them.
SECRET_KEYS = {"SECRET_KEY", "DATABASE_URL", "EMAIL_HOST_PASSWORD"}
# The tag each overlay runs, as scripts/release names it.
OVERLAY_TAGS = {"production": "production", "staging": "staging"}


def app_facts(binary):
    # EMAIL_BACKEND=smtp: show-settings lists the SMTP settings only then.
    env = {"PATH": "/usr/bin:/bin", "EMAIL_BACKEND": "smtp"}
    run = lambda *args: subprocess.run([binary, *args], check=True, capture_output=True, text=True, env=env).stdout
    settings = {line.split("=", 1)[0] for line in run("show-settings").splitlines() if "=" in line}
    routes = {line.split()[1] for line in run("show-urls").splitlines() if line.strip()}
    tasks = {line.split()[0] for line in run("tasks", "list").splitlines() if line.strip()}
    return settings, routes, tasks


def containers(obj):
    spec = obj.get("spec", {})
    if obj["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    return spec.get("template", {}).get("spec", {}).get("containers", [])


def check_overlay(name, objects, settings, routes, tasks, compose, release):
    problems = []
    say = lambda what: problems.append(f"{name}: {what}")
    by_kind = {}
    for obj in objects:
        by_kind.setdefault(obj["kind"], []).append(obj)
    config = by_kind["ConfigMap"][0]["data"]
    for key in sorted(set(config) | SECRET_KEYS):
        if key not in settings:
            say(f"{key} is not a setting the app reads (superlists show-settings)")

    web = next(o for o in by_kind["Deployment"] if o["metadata"]["name"] == "superlists-web")
    (container,) = containers(web)
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    if config.get("BIND", "").rsplit(":", 1)[-1] != str(ports.get("http")):
        say(f"BIND {config.get('BIND')} is not the container's http port {ports.get('http')}")
    if config.get("METRICS_BIND", "").rsplit(":", 1)[-1] != str(ports.get("metrics")):
        say(f"METRICS_BIND {config.get('METRICS_BIND')} is not the container's metrics port")
    compose_web = compose["services"]["web"]
    if compose_web["environment"].get("METRICS_BIND") != config.get("METRICS_BIND"):
        say("METRICS_BIND differs from docker-compose.yml's web service")
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        path = container[probe]["httpGet"]["path"]
        if path not in routes:
            say(f"{probe} {path} is not a route of the app")
    if container["readinessProbe"]["httpGet"]["path"] != "/readyz":
        say("readiness is not /readyz (what scripts/deploy waits for)")
    # compose's healthcheck is `superlists healthcheck`, which asks /healthz.
    if compose_web["healthcheck"]["test"][1:] != ["superlists", "healthcheck"] \
            or container["livenessProbe"]["httpGet"]["path"] != "/healthz":
        say("liveness and compose's healthcheck ask different things")

    tag = OVERLAY_TAGS[name]
    if f":{tag}" not in release and f" {tag} " not in release:
        say(f"scripts/release pushes no :{tag} tag")
    for obj in objects:
        for c in containers(obj):
            if not c["image"].endswith(f"/superlists:{tag}"):
                say(f"{obj['kind']} {obj['metadata']['name']} runs {c['image']}, not superlists:{tag}")

    migrate = containers(by_kind["Job"][0])[0]["args"]
    if migrate != compose["services"]["migrate"]["command"]:
        say(f"the migrate Job runs {migrate}, compose's migrate {compose['services']['migrate']['command']}")
    scheduled = set()
    for cron in by_kind["CronJob"]:
        args = containers(cron)[0]["args"]
        if args[:3] != ["superlists", "tasks", "run"] or not set(args[3:]) <= tasks:
            say(f"CronJob {cron['metadata']['name']} runs {args}: not a task of `superlists tasks list`")
        scheduled |= set(args[3:])
    if scheduled != tasks:
        say(f"tasks without a CronJob: {sorted(tasks - scheduled)}")
    return problems


def main(rendered, binary, compose_json, release_script):
    settings, routes, tasks = app_facts(binary)
    compose = json.loads(pathlib.Path(compose_json).read_text())
    release = pathlib.Path(release_script).read_text()
    problems = []
    for overlay in sorted(pathlib.Path(rendered).glob("*.yaml")):
        objects = [o for o in yaml.safe_load_all(overlay.read_text()) if o]
        found = check_overlay(overlay.stem, objects, settings, routes, tasks, compose, release)
        problems += found
        kinds = sorted({o["kind"] for o in objects})
        print(f"k8s: {overlay.stem}: {len(objects)} objects ({', '.join(kinds)}), "
              f"{'agree with the app and compose' if not found else f'{len(found)} disagreement(s)'}")
    for problem in problems:
        print(f"k8s: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
