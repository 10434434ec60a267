#!/bin/bash
# Runs a command beside a private pcscd with the vpcd readers, inside its own mount and network
# namespace, so it never collides with a pcscd already running and vpcd's ports stay off the network.
# Needs root (CI runs as root). Usage: scripts/with-pcscd.sh COMMAND [ARGS...]
set -euo pipefail
if [ -z "${EESZT_IN_NS:-}" ]; then
    exec unshare --mount --net --propagation private env EESZT_IN_NS=1 "$0" "$@"
fi
ip link set lo up
mkdir -p /run/pcscd
mount -t tmpfs tmpfs /run/pcscd
log="$(mktemp /tmp/eeszt-pcscd.XXXXXX.log)"
/usr/sbin/pcscd -f >"$log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 100); do
    [ -S /run/pcscd/pcscd.comm ] && break
    sleep 0.05
done
if [ ! -S /run/pcscd/pcscd.comm ]; then
    echo "pcscd did not start; its log:" >&2
    cat "$log" >&2
    exit 2
fi
export EESZT_PCSCD_PID="$pid"
set +e
"$@"
rc=$?
set -e
exit "$rc"
