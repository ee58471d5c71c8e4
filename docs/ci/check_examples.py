#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks the CI examples of docs/ci.md: each file parses as YAML, has the shape its CI system
reads (GitHub Actions: jobs with steps; GitLab CI: a job with a script), and every `pmat-host`
command line in it is accepted by the real pmat-host's argument parser (`--check-args`).

usage: check_examples.py PMAT_HOST DIR
       check_examples.py PMAT_HOST --self-test   (the check itself: planted mistakes are named)
Exit 0 when every check passes; 1 with one line per failure; 77 (skipped) without python3-yaml.
"""
import pathlib
import tempfile
import shlex
import subprocess
import sys

try:
    import yaml
except ImportError:  # ctest reports it as skipped (SKIP_RETURN_CODE 77)
    print("skipped: python3-yaml is not installed (packaging/install-deps.sh installs it)")
    sys.exit(77)

SHELL_BREAKS = {">", ">>", "|", "||", "&&", ";", "2>&1"}


def entry_lines(key, value):
    """The shell lines of one mapping entry, or None when the entry is not a script."""
    if key == "run" and isinstance(value, str):
        return value.splitlines()
    if key in ("script", "before_script", "after_script") and isinstance(value, list):
        return [line for entry in value for line in str(entry).splitlines()]
    return None


def shell_lines(document):
    """Every shell command string of a GitHub workflow (`run:`) or a GitLab job (`script:` and
    its before/after scripts), one entry per line."""
    if isinstance(document, dict):
        for key, value in document.items():
            lines = entry_lines(key, value)
            yield from shell_lines(value) if lines is None else lines
    elif isinstance(document, list):
        for item in document:
            yield from shell_lines(item)


def pmat_host_arguments(line):
    """The arguments of the pmat-host command on `line` (up to a redirection, a pipe or the end
    of the command), or None when the line does not run pmat-host."""
    words = shlex.split(line, comments=True)
    if "pmat-host" not in words:
        return None
    arguments = []
    for word in words[words.index("pmat-host") + 1:]:
        if word in SHELL_BREAKS or word.startswith(">") or word.startswith("2>"):
            break
        arguments.append(word)
    return arguments


def check_github_shape(document):
    jobs = document.get("jobs", {})
    assert jobs, "a GitHub workflow needs jobs"
    uses = [step.get("uses", "") for job in jobs.values() for step in job.get("steps", [])]
    assert any(use.startswith("github/codeql-action/upload-sarif@") for use in uses), \
        "the workflow must upload the SARIF (github/codeql-action/upload-sarif)"
    assert "on" in document or True in document, "a GitHub workflow needs 'on'"  # YAML 1.1: on


def check_gitlab_shape(document):
    jobs = [job for job in document.values() if isinstance(job, dict) and "script" in job]
    assert jobs, "a GitLab CI file needs a job with a script"
    kept = [job.get("artifacts", {}).get("paths", []) for job in jobs]
    assert all("pmat.sarif" in paths for paths in kept), \
        "each GitLab job must keep pmat.sarif as an artifact"


def check_shape(name, document):
    (check_github_shape if "github" in name else check_gitlab_shape)(document)


def check_command(pmat_host, name, arguments):
    """One failure line, or None when pmat-host accepts `arguments` as a SARIF review."""
    shown = f"pmat-host {' '.join(arguments)}"
    if "--diff" not in arguments or "--format" not in arguments:
        return f"{name}: '{shown}' is not a SARIF review of the change (--diff, --format)"
    run = subprocess.run([pmat_host, *arguments, "--check-args"], capture_output=True, text=True,
                         check=False)
    if run.returncode != 0:
        return f"{name}: {shown}: exit {run.returncode}: {run.stderr.strip().splitlines()[:1]}"
    print(f"{name}: {shown}: accepted")
    return None


def check_file(pmat_host, path):
    failures = []
    document = yaml.safe_load(path.read_text())
    try:
        check_shape(path.name, document)
    except AssertionError as error:
        failures.append(f"{path.name}: {error}")
    commands = [args for args in map(pmat_host_arguments, shell_lines(document)) if args]
    if not commands:
        failures.append(f"{path.name}: no pmat-host command line")
    failures += [failure for failure in
                 (check_command(pmat_host, path.name, arguments) for arguments in commands)
                 if failure]
    return failures


def check_directory(pmat_host, directory):
    examples = sorted(directory.glob("*.yml"))
    failures = [] if examples else [f"{directory}: no *.yml examples"]
    for path in examples:
        failures += check_file(pmat_host, path)
    return failures


# Each planted mistake and the words its failure must contain.
PLANTED = {
    "gitlab-flag.yml": ("job:\n  script:\n    - pmat-host analyze --diff origin/main --format sarif "
                        "--no-such-flag > pmat.sarif\n  artifacts:\n    paths: [pmat.sarif]\n",
                        "exit 2"),
    "gitlab-value.yml": ("job:\n  script:\n    - pmat-host analyze --diff origin/main --format sarif "
                         "--min-confidence 7\n  artifacts:\n    paths: [pmat.sarif]\n", "exit 2"),
    "github-no-upload.yml": ("on: push\njobs:\n  r:\n    steps:\n      - run: pmat-host analyze "
                             "--diff origin/main --format sarif\n", "upload the SARIF"),
    "gitlab-no-review.yml": ("job:\n  script:\n    - pmat-host analyze src\n  artifacts:\n"
                             "    paths: [pmat.sarif]\n", "not a SARIF review"),
}


def self_test(pmat_host):
    missed = []
    for name, (text, expected) in PLANTED.items():
        with tempfile.TemporaryDirectory() as directory:
            (pathlib.Path(directory) / name).write_text(text)
            failures = check_directory(pmat_host, pathlib.Path(directory))
        if not any(expected in failure for failure in failures):
            missed.append(f"self-test: {name}: no failure naming '{expected}' in {failures}")
    return missed


def main():
    pmat_host = sys.argv[1]
    if sys.argv[2] == "--self-test":
        failures = self_test(pmat_host)
    else:
        failures = check_directory(pmat_host, pathlib.Path(sys.argv[2]))
    for failure in failures:
        print(failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
