"""Prints bleach's test vectors as one JSON array: every string literal in its tests/*.py of
three characters or more, and the input half of each tests/data/*.test file."""
import ast
import json
import sys
import tarfile

out = []
with tarfile.open(sys.argv[1]) as tar:
    for m in tar.getmembers():
        if "/tests/" not in m.name or not m.isfile():
            continue
        text = tar.extractfile(m).read().decode("utf-8")
        if m.name.endswith(".test"):
            out.append(text.split("\n--\n")[0])
        elif m.name.endswith(".py"):
            for node in ast.walk(ast.parse(text)):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) >= 3:
                    out.append(node.value)
seen = set()
json.dump([s for s in out if not (s in seen or seen.add(s))], sys.stdout, ensure_ascii=False)
