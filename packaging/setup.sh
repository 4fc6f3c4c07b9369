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
  # client phone numbers (E.164) and CSV import (RFC 4180); libphonenumber's headers: see below
  libphonenumber8 libprotobuf-dev libabsl-dev libcsv-dev
  # the desktop app; fonts, or Qt draws empty boxes without a word
  qt6-base-dev fonts-dejavu-core xvfb xauth
  qt6-charts-dev libqt6opengl6-dev  # charts on the notes and reports pages (Qt Charts; its CMake package needs Qt6OpenGL's)
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

# Debian 12's libphonenumber-dev depends on libboost-thread-dev, i.e. Boost 1.74's
# development files, which conflict with the 1.81 ones we build against. Its
# headers and link symlink are taken from the same package (fetched with apt,
# unpacked under /usr/local) beside the runtime library libphonenumber8.
phonenumber_headers() {
  [ -f /usr/local/include/phonenumbers/phonenumberutil.h ] && [ -e /usr/local/lib/libphonenumber.so ] && return 0
  local tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download -q libphonenumber-dev >/dev/null 2>&1 && dpkg-deb -x libphonenumber-dev_*.deb root)
  $sudo mkdir -p /usr/local/include /usr/local/lib
  $sudo cp -r "$tmp/root/usr/include/phonenumbers" /usr/local/include/
  $sudo ln -sf "$(ls /usr/lib/*/libphonenumber.so.8 | head -1)" /usr/local/lib/libphonenumber.so
  rm -rf "$tmp"
  echo "setup: libphonenumber headers unpacked under /usr/local"
}

sudo=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then sudo=sudo; fi

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages present"
  phonenumber_headers
  exit 0
fi

if [ "$(id -u)" -ne 0 ] && [ -z "$sudo" ]; then
  echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1
fi
echo "setup: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
phonenumber_headers
