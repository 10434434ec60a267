#!/bin/bash
# Fails when a C library holds the simulated cards: an exported `eeszt_*sim*` function, the Rust code
# of the simulators (SimEszemelyi, TestCard, SimTransport), or the simulator's published default
# secrets (authentication private key, certificate, personal data). `make install-check` runs it on
# the installed libraries; `make c-test` runs it on the sim build and expects it to fail (so the
# check itself is known to detect what it looks for).
# Usage: scripts/check-no-sim.sh LIBRARY...   (shared .so and/or static .a)
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 LIBRARY..." >&2; exit 2; }

# Distinctive bytes of the simulator's defaults (eeszt-auth/src/card/eid/sim/state.rs and the
# embedded certificate auth-cert.der).
secrets=(
    "d568837d80f6a86bc735cbb88a96490d110afd2aa396e32c873a00193dd51ae8" # DEFAULT_AUTH_KEY
    "szimulalt eSzemelyi"                                              # auth-cert.der subject
    "document_number=SIM000001"                                        # DEFAULT_PERSONAL_DATA
)

found=0
for lib in "$@"; do
    [ -f "$lib" ] || { echo "check-no-sim: $lib: no such file" >&2; exit 2; }
    case "$lib" in
        *.a) symbols="$(nm --defined-only "$lib" 2>/dev/null || true)" ;;
        *) symbols="$(nm -D --defined-only "$lib")" ;;
    esac
    exported="$(grep -E ' [TDBR] eeszt_[A-Za-z0-9_]*sim' <<<"$symbols" || true)"
    if [ -n "$exported" ]; then
        echo "check-no-sim: $lib exports simulator functions:" >&2
        echo "$exported" >&2
        found=1
    fi
    # The Rust code of the simulators (mangled names keep the identifiers).
    code="$(grep -cE 'SimEszemelyi|TestCard|SimTransport' <<<"$symbols" || true)"
    if [ "$code" -gt 0 ]; then
        echo "check-no-sim: $lib holds $code symbols of the simulated cards" >&2
        found=1
    fi
    for s in "${secrets[@]}"; do
        n="$(LC_ALL=C grep -a -c -F -- "$s" "$lib" || true)"
        if [ "$n" -gt 0 ]; then
            echo "check-no-sim: $lib contains a default secret of the simulator: \"$s\"" >&2
            found=1
        fi
    done
done
if [ "$found" -ne 0 ]; then
    exit 1
fi
echo "check-no-sim: no simulated card, no simulator secrets in: $*"
