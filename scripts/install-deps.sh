#!/bin/sh
# Installs the Debian packages the tests need, skipping what is already present.
# Run as root (CI) or with sudo available.
# `install-deps.sh build` installs only what building the library and the tool needs (make demo).
set -eu
if [ "${1:-}" = "build" ]; then
    PKGS="libpcsclite-dev pkg-config gcc make"
else
    PKGS="libpcsclite-dev pcscd vsmartcard-vpcd opensc pcsc-tools oathtool openssl openpace libeac-dev
valgrind pkg-config iproute2 util-linux gcc g++ make libclang-rt-14-dev postgresql"
fi
missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
if [ -n "$missing" ]; then
    echo "installing:$missing"
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
for c in rustfmt clippy; do
    if ! cargo "$( [ $c = rustfmt ] && echo fmt || echo clippy )" --version >/dev/null 2>&1; then
        rustup component add "$c"
    fi
done
