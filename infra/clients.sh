#!/usr/bin/env bash
# Installs the stock clients the compatibility tests drive Berth with (not needed to run Berth itself):
# LXD 5.0's `lxc` (lxd-client), pylxd (python3-pylxd) and Incus 6.0's `incus` (incus-client from
# bookworm-backports). Idempotent: adds the backports suite once, pins only incus-client from it, and installs
# only what is missing.
set -euo pipefail

BACKPORTS_LIST=/etc/apt/sources.list.d/berth-bookworm-backports.sources
BACKPORTS_PIN=/etc/apt/preferences.d/berth-incus-client

# apt verifies signatures as user _apt in $TMPDIR: give it a world-writable one even where /tmp is not.
APT_TMP=$(mktemp -d)
chmod 1777 "$APT_TMP"
trap 'rm -rf "$APT_TMP"' EXIT
apt() { TMPDIR=$APT_TMP DEBIAN_FRONTEND=noninteractive apt-get "$@"; }

# bookworm-backports with priority 100 for everything (never picked by accident) and 500 for incus-client alone.
add_backports() {
  local mirror
  mirror=$(sed -n 's/^URIs:[[:space:]]*\(\S*\/debian\)[[:space:]]*$/\1/p' /etc/apt/sources.list.d/*.sources \
             2>/dev/null | head -1 || true)
  [ -n "$mirror" ] || mirror=$(sed -n 's/^deb[[:space:]]\+\(\S*\/debian\)[[:space:]]\+bookworm[[:space:]].*/\1/p' \
             /etc/apt/sources.list 2>/dev/null | head -1 || true)
  [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
  local want
  want=$(printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: %s\n' \
    "$mirror" /usr/share/keyrings/debian-archive-keyring.gpg)
  local changed=
  if [ "$(cat "$BACKPORTS_LIST" 2>/dev/null)" != "$want" ]; then
    printf '%s\n' "$want" >"$BACKPORTS_LIST"
    changed=1
  fi
  local pin
  pin=$(printf 'Package: *\nPin: release n=bookworm-backports\nPin-Priority: 100\n\nPackage: incus-client\nPin: release n=bookworm-backports\nPin-Priority: 500\n')
  if [ "$(cat "$BACKPORTS_PIN" 2>/dev/null)" != "$pin" ]; then
    printf '%s\n' "$pin" >"$BACKPORTS_PIN"
    changed=1
  fi
  if [ -n "$changed" ] || ! apt-cache policy incus-client 2>/dev/null | grep -q bookworm-backports; then
    apt update -qq
  fi
}

install_incus_client() {
  if command -v incus >/dev/null; then return 0; fi
  echo "berth tests: installing incus-client from bookworm-backports" >&2
  add_backports
  apt install -y -qq --no-install-recommends -t bookworm-backports incus-client \
    >/dev/null
}

install_debian_clients() {
  local need=()
  command -v lxc >/dev/null || need+=(lxd-client)
  /usr/bin/python3 -c 'import pylxd' 2>/dev/null || need+=(python3-pylxd)
  command -v openssl >/dev/null || need+=(openssl)   # the tests' client certificates
  [ ${#need[@]} -eq 0 ] && return 0
  echo "berth tests: installing ${need[*]}" >&2
  apt update -qq
  apt install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}

install_debian_clients
install_incus_client
