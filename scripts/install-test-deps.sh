#!/usr/bin/env bash
# Installs what the network tests need, when it is missing and this user is root; idempotent.
# Called by ./verify and .ci/run; run it by hand to prepare a machine (`sudo scripts/install-test-deps.sh`).
#
# - Debian packages: nftables (loss and reject rules), iproute2 (namespaces, veth), iputils-ping, fping, traceroute
#   and mtr-tiny (the real tools the CLI's tests compare against), gcc (StructsTest checks the native layouts against C),
#   libcap2-bin (setcap, for the raw-socket permission test), util-linux (setpriv), procps (sysctl), kmod.
# - For icmpj-exporter's tests and benchmark: prometheus (the server and promtool, scraping the exporter on
#   loopback), prometheus-smokeping-prober (the peer of icmpj-bench/exporter.sh) and chromium (the landing
#   page's screenshot test). Their services are never started by the install (policy-rc.d below): a test
#   starts its own server on a loopback port.
# - The TUN device /dev/net/tun for the lab's programmable peer.
#
# Without root it installs nothing and says so: the tests that need root then skip (./verify prints which),
# unless -Dicmpj.requireNetworkTests=true turns those skips into failures.
set -euo pipefail

packages=(iproute2 nftables iputils-ping fping traceroute mtr-tiny gcc libc6-dev libcap2-bin util-linux procps kmod
    prometheus prometheus-smokeping-prober chromium)

if [[ $(id -u) -ne 0 ]]; then
    echo "install-test-deps: not root: installing nothing; the network tests will skip" >&2
    exit 0
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    if ! command -v apt-get > /dev/null; then
        echo "install-test-deps: missing ${missing[*]} and no apt-get to install them; the tests needing them will skip" >&2
    else
        echo "install-test-deps: installing ${missing[*]}" >&2
        export DEBIAN_FRONTEND=noninteractive
        # Daemons in these packages (prometheus, the smokeping prober) must not start listening on their
        # default ports: a policy-rc.d that denies every start, for the install only (unless one exists).
        if [[ ! -e /usr/sbin/policy-rc.d ]]; then
            printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
            chmod 0755 /usr/sbin/policy-rc.d
            trap 'rm -f /usr/sbin/policy-rc.d' EXIT
        fi
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
    fi
fi

# The lab's programmable peer needs a TUN device.
if [[ ! -e /dev/net/tun ]]; then
    modprobe tun 2> /dev/null || true
    if [[ ! -e /dev/net/tun ]]; then
        mkdir -p /dev/net && mknod /dev/net/tun c 10 200 && chmod 0666 /dev/net/tun
    fi
fi
