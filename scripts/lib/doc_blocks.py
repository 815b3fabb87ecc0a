#!/usr/bin/env python3
"""The shell blocks of the docs, and what CI does with each.

Every ```sh block in the docs a person reads carries, on the line before
its fence, one of:

    <!-- ci: NAME -->            CI runs the block as written (scripts/doc-commands)
    <!-- not in ci: REASON -->   why this machine cannot run it as written

usage: doc_blocks.py check RUN_NAME... -- FILE...   every block marked; the
                                                     ci: names are exactly RUN_NAMEs
       doc_blocks.py block NAME FILE...              prints the block named NAME
"""

import re
import sys

MARK = re.compile(r"^<!-- (ci|not in ci): (.+?) -->$")


def blocks(path):
    """(line, kind, label, text) of each shell block of the file."""
    found, lines = [], open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        if lines[i].strip() in ("```sh", "```bash", "```shell"):
            start, body = i + 1, []
            i += 1
            while i < len(lines) and lines[i].strip() != "```":
                body.append(lines[i])
                i += 1
            before = next((l.strip() for l in reversed(lines[: start - 1]) if l.strip()), "")
            mark = MARK.match(before)
            kind, label = (mark.group(1), mark.group(2).strip()) if mark else (None, None)
            found.append((start, kind, label, "\n".join(body) + "\n"))
        i += 1
    return found


def check(run_names, files):
    errors, named = [], {}
    for path in files:
        for line, kind, label, _ in blocks(path):
            where = f"{path}:{line}"
            if kind is None:
                errors.append(f"{where}: a shell block without <!-- ci: NAME --> or <!-- not in ci: REASON -->")
            elif kind == "ci":
                if label in named:
                    errors.append(f"{where}: ci name {label!r} also at {named[label]}")
                named[label] = where
    for name in sorted(set(named) - set(run_names)):
        errors.append(f"{named[name]}: <!-- ci: {name} --> but scripts/doc-commands does not run it")
    for name in sorted(set(run_names) - set(named)):
        errors.append(f"no block is marked <!-- ci: {name} -->, which scripts/doc-commands runs")
    for e in errors:
        print(f"doc_blocks: {e}", file=sys.stderr)
    return 1 if errors else 0


def block(name, files):
    for path in files:
        for _, kind, label, text in blocks(path):
            if kind == "ci" and label == name:
                sys.stdout.write(text)
                return 0
    print(f"doc_blocks: no block is marked <!-- ci: {name} -->", file=sys.stderr)
    return 1


def main(argv):
    if len(argv) >= 3 and argv[0] == "check" and "--" in argv:
        split = argv.index("--")
        return check(argv[1:split], argv[split + 1 :])
    if len(argv) >= 3 and argv[0] == "block":
        return block(argv[1], argv[2:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
