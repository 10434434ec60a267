#!/usr/bin/env python3
"""Drift test of a language binding against include/eeszt_auth.h.

Usage: binding-drift.py LANGUAGE [HEADER]   (LANGUAGE: csharp or java)
       binding-drift.py --self-test LANGUAGE  (proves the check fails on a header that lost, changed
                                               or gained a function)

Extracts the C prototypes from the header and the native declarations from the binding, reduces
every parameter and return type to its ABI class (32-bit, 64-bit, size_t, pointer, bool, void),
and fails when
  - the binding declares a function the header no longer has (lost),
  - a declared function's arity or a parameter's / the return's class differs (changed),
  - the header has a function the binding neither declares nor lists in
    bindings/LANGUAGE/unwrapped.txt (gained: decide, then wrap it or list it),
  - unwrapped.txt names a function the header lacks or the binding declares (stale list).
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SOURCES = {
    "csharp": ["bindings/csharp/EesztAuth.cs"],
    "java": ["bindings/java/src/hu/eeszt/auth/Lib.java"],
}


def c_class(t):
    t = re.sub(r"\bconst\b", "", t).strip()
    if "*" in t or t.startswith("eeszt_") and t.endswith("_check"):
        return "ptr"
    t = re.sub(r"^(struct|enum)\s+", "", t).split()[0] if t else t
    return {
        "uint32_t": "32", "int32_t": "32", "eeszt_result": "32", "uint8_t": "8",
        "uint64_t": "64", "int64_t": "64", "size_t": "size", "bool": "bool", "void": "void",
    }.get(t, "?" + t)


def strip_c_param_name(p):
    p = p.strip()
    if p == "void":
        return p
    m = re.match(r"^(.*?[\s\*])(\w+)$", p)
    return m.group(1) if m else p


def header_functions(path):
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    funcs = {}
    for m in re.finditer(r"^([A-Za-z_][\w \t]*?[\s\*]+)(eeszt_\w+)\(([^;{]*?)\);", text, re.M | re.S):
        ret, name, args = m.group(1), m.group(2), m.group(3)
        if ret.strip().startswith("typedef"):
            continue
        params = [] if args.strip() in ("", "void") else [c_class(strip_c_param_name(a)) for a in args.split(",")]
        funcs[name] = (c_class(ret), params)
    return funcs


CS_TYPES = {"uint": "32", "int": "32", "ulong": "64", "long": "64", "UIntPtr": "size", "IntPtr": "ptr",
            "byte[]": "ptr", "string": "ptr", "void": "void", "bool": "bool", "byte": "8"}
JAVA_TYPES = {"int": "32", "long": "64", "SizeT": "size", "Pointer": "ptr", "byte[]": "ptr", "String": "ptr",
              "void": "void", "boolean": "bool", "byte": "8"}


def binding_class(lang, t):
    t = t.strip()
    if lang == "csharp":
        if t.startswith(("out ", "ref ")) or t.endswith("Handle"):
            return "ptr"
        return CS_TYPES.get(t, "?" + t)
    if t.endswith("ByReference") or t.endswith("Struct") or t.endswith("Callback"):
        return "ptr"
    return JAVA_TYPES.get(t, "?" + t)


def binding_functions(lang):
    funcs = {}
    for src in SOURCES[lang]:
        text = open(os.path.join(ROOT, src), encoding="utf-8").read()
        text = re.sub(r"//[^\n]*", "", text)
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        if lang == "csharp":
            pat = r"static\s+extern\s+([\w\[\]]+)\s+(eeszt_\w+)\s*\(([^)]*)\)\s*;"
        else:
            pat = r"^\s*([\w\[\]]+)\s+(eeszt_\w+)\s*\(([^)]*)\)\s*;"
        for m in re.finditer(pat, text, re.M | re.S):
            ret, name, args = m.groups()
            params = []
            for a in [a for a in args.split(",") if a.strip()]:
                a = re.sub(r"\[[^\]]*\]\s*", "", a.strip()) if not a.strip().startswith("byte[]") else a.strip()
                a = re.sub(r"\bfinal\b", "", a).strip()
                params.append(binding_class(lang, a.rsplit(None, 1)[0]))
            if name in funcs:
                sys.exit("%s: %s declared twice" % (src, name))
            funcs[name] = (binding_class(lang, ret), params)
    return funcs


def self_test(lang):
    """Runs the check on three altered copies of the header; each must fail."""
    import subprocess
    import tempfile
    real = open(os.path.join(ROOT, "include/eeszt_auth.h"), encoding="utf-8").read()
    wrapped = "eeszt_otp_hotp"
    proto = re.search(r"^eeszt_result eeszt_otp_hotp\((.*?)\);", real, re.M | re.S)
    assert proto and wrapped in binding_functions(lang), "self-test needs %s wrapped" % wrapped
    cases = {
        "lost": real.replace(proto.group(0), ""),
        "changed": real.replace(proto.group(0), proto.group(0).replace("uint64_t counter", "uint32_t counter")),
        "gained": real.replace(proto.group(0), proto.group(0) + "\neeszt_result eeszt_drift_probe(uint32_t x);"),
        "arity": real.replace(proto.group(0), proto.group(0).replace("size_t *needed", "size_t *needed, uint32_t extra")),
    }
    with tempfile.TemporaryDirectory() as d:
        for what, text in cases.items():
            assert text != real, what
            path = os.path.join(d, what + ".h")
            open(path, "w", encoding="utf-8").write(text)
            r = subprocess.run([sys.executable, os.path.abspath(__file__), lang, path], capture_output=True, text=True)
            expected = "changed" if what == "arity" else what
            if r.returncode == 0 or expected + ":" not in r.stderr:
                sys.exit("self-test %s: the drift check did not catch a %s function (rc %d)\n%s" % (lang, what, r.returncode, r.stderr))
    print("binding-drift self-test %s: lost, changed and gained functions are caught" % lang)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--self-test" and sys.argv[2] in SOURCES:
        return self_test(sys.argv[2])
    if len(sys.argv) not in (2, 3) or sys.argv[1] not in SOURCES:
        sys.exit(__doc__)
    lang = sys.argv[1]
    header = sys.argv[2] if len(sys.argv) == 3 else os.path.join(ROOT, "include/eeszt_auth.h")
    h = header_functions(header)
    b = binding_functions(lang)
    listed = os.path.join(ROOT, "bindings", lang, "unwrapped.txt")
    unwrapped = set()
    for line in open(listed, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if line:
            unwrapped.add(line)
    problems = []
    for name in sorted(b):
        if name not in h:
            problems.append("lost: the binding declares %s, the header no longer has it" % name)
        elif b[name] != h[name]:
            problems.append("changed: %s is %s in the header, %s in the binding" % (name, h[name], b[name]))
    for name in sorted(set(h) - set(b) - unwrapped):
        problems.append("gained: %s is in the header but neither wrapped nor listed in %s" % (name, listed))
    for name in sorted(unwrapped - set(h)):
        problems.append("stale: %s lists %s, which the header does not have" % (listed, name))
    for name in sorted(unwrapped & set(b)):
        problems.append("stale: %s lists %s, which the binding declares" % (listed, name))
    if problems:
        print("binding drift (%s vs %s):" % (lang, header), file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        sys.exit(1)
    print("binding-drift %s: %d functions match the header, %d listed as not wrapped" % (lang, len(b), len(unwrapped)))


if __name__ == "__main__":
    main()
