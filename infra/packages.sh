#!/usr/bin/env bash
# Installs the Debian packages Berth needs on a fresh Debian 12 host; does nothing when they are present.
set -euo pipefail
need=()
for pair in runc:runc conmon:conmon busybox:busybox-static curl:curl psql:postgresql-client-15 \
            /usr/lib/postgresql/15/bin/postgres:postgresql-15 mvn:maven java:openjdk-17-jdk-headless \
            debootstrap:debootstrap unsquashfs:squashfs-tools mksquashfs:squashfs-tools /usr/bin/tini-static:tini \
            skopeo:skopeo umoci:umoci btrfs:btrfs-progs setfacl:acl /sbin/setcap:libcap2-bin setfattr:attr \
            /usr/sbin/dnsmasq:dnsmasq-base /usr/sbin/nft:nftables /usr/bin/socat:socat /usr/bin/openssl:openssl; do
  cmd=${pair%%:*} pkg=${pair##*:}
  if [[ $cmd == /* ]]; then [ -x "$cmd" ] || need+=("$pkg"); else command -v "$cmd" >/dev/null || need+=("$pkg"); fi
done
# k8s/check.py reads the manifests with the system python's yaml.
/usr/bin/python3 -c 'import yaml' 2>/dev/null || need+=(python3-yaml)
# busybox must be the static build: it is copied into images.
if command -v busybox >/dev/null && ldd "$(command -v busybox)" >/dev/null 2>&1; then need+=(busybox-static); fi
if [ ${#need[@]} -gt 0 ]; then
  echo "berth: installing ${need[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
