#!/usr/bin/env python3
"""Validates JSON documents against a JSON Schema (Debian's python3-jsonschema).

usage: validate_schema.py SCHEMA.json DOCUMENT.json...
Prints one line per violation and exits 1 when there is any; exits 0 when all documents conform.
"""
import json
import sys

import jsonschema


def violations(validator, path):
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    return [f"{path}: /{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(document)]


def main(argv):
    with open(argv[1], encoding="utf-8") as handle:
        schema = json.load(handle)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    found = [line for path in argv[2:] for line in violations(validator, path)]
    print("\n".join(found) if found else f"{len(argv) - 2} document(s) conform")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
