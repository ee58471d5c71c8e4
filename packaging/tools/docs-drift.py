#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Fails when the documentation says again something the code stopped being.

    python3 packaging/tools/docs-drift.py      exit 1 and one line per drift found

Each entry below is a claim that was true once, was found in the docs after the code changed,
and was corrected: the pattern, where it must not come back, and the fact that replaced it. Add an
entry whenever a review finds such a drift, so it is found once only. Files: README.md and every
Markdown file under docs/ and in the part folders (node_modules and build trees excluded).
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]

# (regular expression, the fact the docs must say instead)
KNOWN_DRIFT = [
    (r"atomic<(std::)?shared_ptr",
     "the serving generation is a shared_ptr behind a mutex (host-shim/src/shim.hpp)"),
    (r"forced[ _-]open",
     "the breaker has three states; the kill switch lives in the flags (plugin/bridge/include/pmat/bridge/breaker.hpp)"),
    (r"Reload history: not available",
     "the console shows the shim's reload history (pmat_shim_status 'reloads')"),
    (r"enable_cache[^\n]*(not used|never read|ignored)",
     "claude.enable_cache=false makes Claude's answers bypass the cache (docs/cache.md)"),
    (r"--sandboxed[^\n]*(only changes|just a log|log line)",
     "--sandboxed makes the bridge verify its confinement and refuse otherwise (bridge/src/sandbox-check.ts)"),
    (r"unique uid per worker[^\n]*not (yet )?done",
     "root's workers each run as a host uid of their own (docs/security.md, identity)"),
    (r"(plugin/src/|app/core/)utf8\.",
     "one UTF-8 check for every part: common/include/pmat/common/utf8.hpp"),
    (r"metric_family\.|to_openmetrics_families",
     "one Prometheus text writer: common/include/pmat/common/prometheus_text.hpp"),
    (r"plugin/src/services\.|(?<!host_)services\.(hpp|cpp)|metrics_wiring",
     "plugin/src/cache_and_flags_from_config.* builds the cache and flag store; "
     "plugin/src/cache_and_flags_metrics.cpp registers their metrics"),
]

SKIP_PARTS = {"node_modules", "build", ".git"}


def documents():
    yield ROOT / "README.md"
    for path in sorted(ROOT.rglob("*.md")):
        relative = path.relative_to(ROOT)
        if not SKIP_PARTS.intersection(relative.parts) and relative != pathlib.Path("README.md"):
            yield path


def drifts():
    patterns = [(re.compile(pattern, re.IGNORECASE), fact) for pattern, fact in KNOWN_DRIFT]
    for path in documents():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for pattern, fact in patterns:
                if pattern.search(line):
                    yield f"{path.relative_to(ROOT)}:{number}: says /{pattern.pattern}/; the code: {fact}"


def main():
    found = list(drifts())
    for line in found:
        print(line)
    print(f"docs-drift: {len(KNOWN_DRIFT)} known drifts checked, {len(found)} found")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
