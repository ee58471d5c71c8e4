#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generates docs/abi.md from plugin-api/include/pmat/plugin_api.h, or checks it is current.

Every requirement id (PMAT-ABI-NNN) and every contract comment in the header (the one before a
declaration, and the ones on struct members) is copied into the reference; nothing is written
by hand, so the header stays the single source. Usage:

    abi-doc.py [--header H] [--output docs/abi.md]           # regenerate
    abi-doc.py --check [--header H] [--output docs/abi.md]   # exit 1 when the file is stale
"""
import argparse
import difflib
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
REQ = re.compile(r"PMAT-ABI-(\d{3})")
SECTION = re.compile(r"^/\*\s*-{2,}\s*(.*?)\s*-*\s*(\*/)?$")
NAMED = [
    (re.compile(r"^typedef\s+struct\s+(\w+)\s*\{"), "struct"),
    (re.compile(r"^typedef\s+enum\s+(\w+)\s*\{"), "enum"),
    (re.compile(r"^typedef\s+[\w\s\*]+?\(\s*\*\s*(\w+)\)"), "function type"),
    (re.compile(r"^typedef\s+[\w\s\*]+?\b(\w+)\s*;"), "type"),
    (re.compile(r"^#define\s+(\w+)"), "macro"),
    (re.compile(r"^static\s+inline\s+[\w\s\*]+?\b(\w+)\s*\("), "inline function"),
    (re.compile(r"^enum\s*\{"), "enum"),
]


def comment_text(lines):
    """The text of a /* ... */ block without its delimiters and leading asterisks."""
    out = []
    for raw in lines:
        line = raw.strip()
        line = re.sub(r"^/\*+", "", line)
        line = re.sub(r"\*+/$", "", line)
        line = re.sub(r"^\*(?!/)\s?", "", line)
        out.append(line.rstrip())
    while out and not out[0].strip():
        out.pop(0)
    while out and not out[-1].strip():
        out.pop()
    return out


def as_markdown(text_lines):
    """Comment lines as Markdown: requirement sentences, list items and tags start new lines."""
    out = []
    for line in text_lines:
        stripped = line.strip()
        starts_item = bool(re.match(r"^(PMAT-ABI-\d{3}:|- |\[[a-z-]+\]|OWNERSHIP:)", stripped))
        if not stripped:
            out.append("")
        elif starts_item or not out or out[-1] == "":
            out.append(stripped)
        else:
            out[-1] += " " + stripped
    paragraphs = []
    for line in out:
        if re.match(r"^(PMAT-ABI-\d{3}:|\[[a-z-]+\]|OWNERSHIP:)", line):
            line = "- " + line
        paragraphs.append(line)
    return "\n".join(paragraphs)


def read_comment(lines, i):
    """Returns (comment lines, index after the comment) for a comment starting at lines[i]."""
    block = [lines[i]]
    while "*/" not in lines[i]:
        i += 1
        block.append(lines[i])
    return block, i + 1


def read_declaration(lines, i):
    """Returns (declaration lines, index after it): a macro with its continuations, a function
    signature up to its body, or a statement up to its ';' at brace depth 0."""
    first = lines[i].strip()
    decl = [lines[i].rstrip()]
    if first.startswith("#"):
        while decl[-1].endswith("\\"):
            i += 1
            decl.append(lines[i].rstrip())
        return decl, i + 1
    depth = 0
    while True:
        code = re.sub(r"/\*.*?\*/", "", lines[i])
        if first.startswith("static inline") and "{" in code:
            decl[-1] = decl[-1][: decl[-1].index("{")].rstrip()
            return decl, skip_body(lines, i)
        depth += code.count("{") - code.count("}")
        if depth <= 0 and ";" in code:
            return decl, i + 1
        i += 1
        decl.append(lines[i].rstrip())


def skip_body(lines, i):
    depth = 0
    while True:
        depth += lines[i].count("{") - lines[i].count("}")
        i += 1
        if depth <= 0:
            return i


def name_of(decl):
    head = " ".join(line.strip() for line in decl)
    for pattern, kind in NAMED:
        match = pattern.match(head)
        if match:
            name = match.group(1) if pattern.groups else "status codes"
            return name, kind
    return head.split("(")[0].split()[-1].strip("*;"), "declaration"


def members(decl):
    """(member name, its comment lines, its code) for each member of a struct declaration that
    carries a comment (before it, or at the end of its line)."""
    result, pending = [], []
    body = decl[1:-1]
    j = 0
    while j < len(body):
        line = body[j].strip()
        if line.startswith("/*"):
            block, j = read_comment(body, j)
            pending = comment_text(block)
            continue
        if not line:
            j += 1
            continue
        code_lines = [body[j]]
        while ";" not in re.sub(r"/\*.*?\*/", "", body[j]):
            j += 1
            code_lines.append(body[j])
        while code_lines[-1].count("/*") > code_lines[-1].count("*/"):  # comment runs on
            j += 1
            code_lines[-1] += " " + body[j].strip()
        code = " ".join(c.strip() for c in code_lines)
        trailing = re.findall(r"/\*(.*?)\*/", code)
        code = re.sub(r"\s*/\*.*?\*/", "", code).strip()
        text = pending + [t.strip() for t in trailing]
        match = re.search(r"\(\s*\*\s*(\w+)\)", code) or re.search(r"(\w+)\s*(\[.*\])?;$", code)
        if text and match:
            result.append((match.group(1), text, code))
        pending = []
        j += 1
    return result


def parse(header_text):
    """Items in header order: ("preamble", text), ("section", title), or
    ("decl", name, kind, comment lines, declaration lines)."""
    lines = header_text.splitlines()
    items, pending, i = [], None, 0
    while i < len(lines):
        line = lines[i].strip()
        section = SECTION.match(line)
        if section and "----" in line or line.startswith("/* --"):
            title = re.sub(r"[\s\-*/]+$", "", re.sub(r"^/\*\s*-+\s*", "", line))
            if "*/" not in line:
                i += 1
            items.append(("section", title.strip()))
            pending, i = None, i + 1
            continue
        if line.startswith("/*"):
            block, i = read_comment(lines, i)
            text = comment_text(block)
            if not items:
                items.append(("preamble", text))
            else:
                pending = text
            continue
        if not line or line.startswith(("#ifndef PMAT_PLUGIN_API_H", "#define PMAT_PLUGIN_API_H",
                                        "#include", "#ifdef", "#endif", "extern", "}")):
            pending, i = None, i + 1
            continue
        decl, i = read_declaration(lines, i)
        name, kind = name_of(decl)
        items.append(("decl", name, kind, pending or [], decl))
        pending = None
    return items


def requirement_index(items):
    """id -> list of (declaration name, sentence) in header order."""
    index = {}
    for item in items:
        if item[0] == "preamble":
            sources = [("conventions", item[1])]
        elif item[0] == "section":
            sources = [("section", [item[1]])]
        elif item[0] == "decl":
            sources = [(item[1], item[3])]
            if item[2] == "struct":
                sources += [(f"{item[1]}.{m}", text) for m, text, _ in members(item[4])]
        else:
            continue
        for where, text in sources:
            lines = [line.lstrip("- ") for line in as_markdown(text).split("\n")]
            for sentence in (s for line in lines for s in sentences(line)):
                if "look like PMAT-ABI" in sentence:  # the conventions' example, not a rule
                    continue
                for rid in REQ.findall(sentence):
                    index.setdefault(rid, []).append((where, sentence))
    return dict(sorted(index.items()))


def sentences(text):
    parts = re.split(r"(?<=[.;])\s+(?=(?:PMAT-ABI-\d{3}:|[A-Z(]))", text)
    return [p.strip() for p in parts if p.strip()]


def anchor(name):
    return re.sub(r"[^a-z0-9_ -]", "", name.lower()).replace(" ", "-")


def render(items, header_rel):
    out = [
        "# Plugin ABI reference (version 1)",
        "",
        f"Generated from [`{header_rel}`](../{header_rel}) by `packaging/tools/abi-doc.py`; do not",
        "edit by hand. The ctest test `docs_abi_reference_current` fails when this file no longer",
        "matches the header: regenerate it with `python3 packaging/tools/abi-doc.py`.",
        "",
    ]
    for item in items:
        if item[0] == "preamble":
            out += ["## Conventions", "", as_markdown(item[1]), ""]
    index = requirement_index(items)
    out += ["## Requirements", "",
            f"{len(index)} requirement ids. Each row quotes the sentence of the header that states",
            "it; `pmat-plugin-conformance` cites the same ids (docs/conformance.md).", "",
            "| id | where | requirement |", "|---|---|---|"]
    for rid, places in index.items():
        for where, sentence in places:
            target = where.split(".")[0]
            link = f"[`{where}`](#{anchor(target)})" if "_" in where or where.isupper() else where
            out.append(f"| PMAT-ABI-{rid} | {link} | {sentence.replace('|', '&#124;')} |")
    out += ["", "## Declarations", ""]
    for item in items:
        if item[0] == "section":
            out += [f"### {item[1]}", ""]
        elif item[0] == "decl":
            out += render_decl(*item[1:])
    return "\n".join(out).rstrip() + "\n"


def render_decl(name, kind, comment, decl):
    out = [f"#### {name}", "", f"*{kind}*", ""]
    if comment:
        out += [as_markdown(comment), ""]
    if kind == "struct":
        stripped = re.sub(r"[ \t]*/\*.*?\*/", "", "\n".join(decl), flags=re.S)
        code = [c for c in stripped.split("\n") if c.strip()]
    else:
        code = decl
    out += ["```c", *code, "```", ""]
    for member, text, _ in members(decl) if kind == "struct" else []:
        out += [f"- **`{name}.{member}`** — " + as_markdown(text).replace("\n", " "), ""]
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--header", default=str(ROOT / "plugin-api/include/pmat/plugin_api.h"))
    parser.add_argument("--output", default=str(ROOT / "docs/abi.md"))
    parser.add_argument("--check", action="store_true", help="fail when --output is stale")
    args = parser.parse_args()
    header = pathlib.Path(args.header)
    # The license tag on the header's first line is not part of the documented contract.
    source = re.sub(r"^/\* SPDX-License-Identifier:[^\n]*\*/\n", "", header.read_text(encoding="utf-8"))
    text = render(parse(source), "plugin-api/include/pmat/plugin_api.h")
    output = pathlib.Path(args.output)
    if not args.check:
        output.write_text(text, encoding="utf-8")
        return 0
    current = output.read_text(encoding="utf-8") if output.exists() else ""
    if current == text:
        print(f"{output} is current")
        return 0
    sys.stdout.writelines(difflib.unified_diff(current.splitlines(True), text.splitlines(True),
                                               str(output), "regenerated"))
    print(f"\n{output} is stale: run python3 packaging/tools/abi-doc.py", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
