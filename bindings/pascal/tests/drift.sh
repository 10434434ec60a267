#!/bin/sh
# Drift test: every C function the unit EesztAuth declares must exist in include/eeszt_auth.h with
# the same number of parameters and the same kind of result (void -> procedure, else function).
# Fails (exit 1) when the header drops, renames or changes the arity of a wrapped function.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
unit="$here/EesztAuth.pas"
header="$here/../../include/eeszt_auth.h"
# The header's prototypes, one per line: "<name> <nparams> <void|value>".
protos=$(tr '\n' ' ' < "$header" | grep -oE '[a-z_0-9 *]+[ *]eeszt_[a-z_0-9]+\([^)]*\);' | \
  sed -E 's/^ *//' | awk '{
    match($0, /eeszt_[a-z_0-9]+\(/); name = substr($0, RSTART, RLENGTH - 1);
    ret = substr($0, 1, RSTART - 1); gsub(/ /, "", ret);
    args = $0; sub(/^[^(]*\(/, "", args); sub(/\);$/, "", args);
    n = (args == "void" || args == "") ? 0 : split(args, a, ",");
    print name, n, (ret == "void" ? "void" : "value") }')
# The unit's external declarations, joined onto one line each.
decls=$(tr '\n' ' ' < "$unit" | grep -oE '(function|procedure) eeszt_[a-z_0-9]+(\([^)]*\))?[^;]*;[^;]*; *external EesztLib;' | awk '{
    kind = $1; match($0, /eeszt_[a-z_0-9]+/); name = substr($0, RSTART, RLENGTH);
    args = ""; if (match($0, /\([^)]*\)/)) args = substr($0, RSTART + 1, RLENGTH - 2);
    n = 0; m = split(args, groups, ";");
    for (i = 1; i <= m; i++) { g = groups[i]; sub(/:.*/, "", g); if (g ~ /[a-z]/) n += split(g, x, ","); }
    print name, n, (kind == "procedure" ? "void" : "value") }')
[ -n "$decls" ] || { echo "drift: no external declarations found in $unit" >&2; exit 1; }
status=0
echo "$decls" | while read -r name n kind; do
  line=$(echo "$protos" | awk -v f="$name" '$1 == f')
  if [ -z "$line" ]; then echo "drift: $name is declared in EesztAuth.pas but not in eeszt_auth.h"; exit 1; fi
  if [ "$line" != "$name $n $kind" ]; then
    echo "drift: $name: unit has $n parameters ($kind), header has: ${line#"$name "}"; exit 1; fi
done || status=1
count=$(echo "$decls" | wc -l)
[ $status -eq 0 ] && echo "drift: the $count functions EesztAuth declares match include/eeszt_auth.h"
exit $status
