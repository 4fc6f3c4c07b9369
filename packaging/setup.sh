#!/usr/bin/env bash
# Installs the Debian 12 packages Fascia needs to build, test and run, but only
# those that are missing (so a ready machine is not touched). Needs root or sudo.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build ccache pkg-config
  # libraries the core links
  libboost1.81-dev libboost-json1.81-dev libsqlite3-dev libssl-dev
  libcli11-dev libhowardhinnant-date-dev tzdata libsodium-dev
  libsystemd-dev  # sd_notify: fascia-syncd tells systemd when it listens
  # the desktop app; fonts, or Qt draws empty boxes without a word
  qt6-base-dev fonts-dejavu-core xvfb xauth
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev sqlite3
  poppler-utils  # pdftotext: the voucher PDF test reads the printed voucher back
  # .deb packages (CPack, dpkg-shlibdeps), their checks, and the service's checks
  dpkg-dev fakeroot file lintian systemd
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
echo "setup: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
