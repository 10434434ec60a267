#!/bin/bash
# Runs a command with a private, throw-away PostgreSQL cluster and removes the cluster afterwards.
#
#   scripts/with-postgres.sh COMMAND [ARGS...]
#
# The cluster lives in a new temporary directory, runs as an unprivileged user (Debian's `postgres`
# user, else `nobody`), listens on a unix socket in that directory only (no TCP port) and trusts
# connections on that socket: the directory is mode 0700, so only its owner and root (which runs the
# tests) can reach it. The command gets the connection string in EESZT_TEST_POSTGRES.
set -euo pipefail

if [ $# -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "with-postgres: initdb not found under /usr/lib/postgresql/*/bin; install Debian's postgresql (scripts/install-deps.sh)" >&2
    exit 1
fi
if id -u postgres >/dev/null 2>&1; then runas=postgres; else runas=nobody; fi
as_user() {
    if [ "$(id -u)" -eq 0 ]; then
        setpriv --reuid="$runas" --regid="$(id -g "$runas")" --clear-groups -- "$@"
    else
        "$@"
    fi
}

dir=$(mktemp -d /tmp/eeszt-pg.XXXXXX)
cleanup() {
    as_user "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM
if [ "$(id -u)" -eq 0 ]; then chown "$runas:" "$dir"; else runas=$(id -un); fi
chmod 700 "$dir"

as_user "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    echo "with-postgres: initdb failed" >&2
    exit 1
}
# Unix socket in $dir only; enough connections for 32 concurrent test clients per store and more.
as_user "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c max_connections=200 -c fsync=off" start >/dev/null || {
    cat "$dir/server.log" >&2
    echo "with-postgres: the server did not start" >&2
    exit 1
}
export EESZT_TEST_POSTGRES="postgresql://postgres@localhost/postgres?host=$dir"
echo "with-postgres: private cluster on $dir (EESZT_TEST_POSTGRES set)" >&2
set +e
"$@"
status=$?
set -e
exit $status
