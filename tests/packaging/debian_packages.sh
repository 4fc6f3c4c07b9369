#!/usr/bin/env bash
# The Debian packages as a clinic owner gets them: build them from this build
# tree (no new build), lintian finds no error, `apt-get install ./*.deb`, then
# from /usr/bin as a new user in an empty home: `fascia demo`, the modules
# load, a backup restores, `fascia-syncd init`, the daemon tells systemd it is
# ready once it listens; the unit passes `systemd-analyze verify` and scores
# "OK" or better in `systemd-analyze security`; finally the packages are purged.
# usage: debian_packages.sh BUILD_DIR     (as root; exit 77 = skipped)
set -euo pipefail
build=$(cd "$1" && pwd)
packages=(fascia fascia-desk fascia-syncd)

if [ "$(id -u)" -ne 0 ]; then
  echo "skipped: installing packages needs root"
  exit 77
fi
for tool in cpack lintian apt-get systemd-analyze python3; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing (packaging/setup.sh installs it)"; exit 1; }
done

# The packages are installed machine-wide: two checkouts testing at once (a
# developer's tree and CI on one machine) would purge each other's install.
exec 9>/var/lock/fascia-debian-packages-test.lock
flock 9

work=$(mktemp -d /tmp/fascia-packages.XXXXXX)
state=/var/lib/fascia-syncd
state_was_there=no
[ -e $state ] && state_was_there=yes
purge() { DEBIAN_FRONTEND=noninteractive apt-get purge -y -q -o DPkg::Lock::Timeout=300 "${packages[@]}" >"$work/purge.log" 2>&1; }
cleanup() {
  local code=$?
  if dpkg-query -W -f='${Status}\n' "${packages[@]}" 2>/dev/null | grep -q "install ok"; then
    purge || { echo "could not purge the packages:"; cat "$work/purge.log"; }
  fi
  rm -rf "$work"
  [ $state_was_there = yes ] || rm -rf $state # made by this test: a test clinic, not a real one
  exit $code
}
trap cleanup EXIT
step() { echo "== $*"; }
fail() { echo "FAIL: $*"; exit 1; }

step "cpack (from $build)"
(cd "$build" && cpack -B "$work/packages" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack"; }
debs=()
for p in "${packages[@]}"; do
  deb=$(ls "$work/packages/${p}"_*.deb) || fail "no package $p"
  debs+=("$deb")
done

step "lintian"
lintian --fail-on error --tag-display-limit 0 "${debs[@]}" >"$work/lintian.log" 2>&1 \
  || { cat "$work/lintian.log"; fail "lintian reports errors"; }
grep -v "^running with root" "$work/lintian.log" || true

step "apt-get install"
if dpkg-query -W -f='${Status}\n' "${packages[@]}" 2>/dev/null | grep -q "install ok"; then
  purge # left over from an interrupted run
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 "${debs[@]}" \
  >"$work/install.log" 2>&1 || { cat "$work/install.log"; fail "apt-get install"; }
for program in fascia fascia-desk fascia-syncd; do
  [ "$(command -v $program)" = /usr/bin/$program ] || fail "$program is not in /usr/bin"
done
getent passwd fascia-syncd >/dev/null || fail "the package did not create the fascia-syncd user"

# A new user: an empty home, a clean environment, programs from /usr/bin.
home="$work/home"
mkdir -m 0700 "$home"
as_new_user() { env -i HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 "$@"; }

step "fascia demo"
as_new_user fascia demo >"$work/demo.log" 2>&1 || { cat "$work/demo.log"; fail "fascia demo"; }
[ -f "$home/.local/share/fascia/clinic.db" ] || fail "fascia demo made no database in the default place"
modules=$(as_new_user fascia plugins --json)
for module in intake vetting vouchers; do
  echo "$modules" | grep -q "\"id\":\"$module\"" || fail "module $module not found: $modules"
done
echo "$modules" | grep -q '"state":"failed"' && fail "a module failed to load: $modules"
echo "$modules" | grep -q '"directory":"/usr/lib/' || fail "modules not loaded from /usr/lib: $modules"
as_new_user fascia intake form >/dev/null || fail "a module's command (fascia intake form)"
as_new_user fascia backup --no-encrypt --to "$home/backups/clinic.fbk" >/dev/null || fail "fascia backup"
as_new_user fascia restore "$home/backups/clinic.fbk" --to "$home/restored.db" >/dev/null || fail "fascia restore"
as_new_user fascia --db "$home/restored.db" audit verify >/dev/null || fail "the restored copy fails audit verify"

step "fascia-syncd init"
as_new_user fascia-syncd init >"$work/init.log" 2>&1 || { cat "$work/init.log"; fail "fascia-syncd init"; }
[ -f "$home/.config/fascia-syncd/ca.crt" ] || fail "fascia-syncd init made no clinic CA in ~/.config/fascia-syncd"

# The service as systemd starts it (without systemd running here): README.Debian's
# set-up as the fascia-syncd user, then ExecStart with NOTIFY_SOCKET, which must
# say READY=1 once it listens (Type=notify). The port is any free one.
step "the service's set-up (README.Debian) and readiness through NOTIFY_SOCKET"
config=/etc/fascia-syncd/fascia-syncd.toml
runuser -u fascia-syncd -- fascia-syncd --config $config init >"$work/service-init.log" 2>&1 \
  || { cat "$work/service-init.log"; fail "fascia-syncd init as the service user"; }
runuser -u fascia-syncd -- fascia --db $state/clinic.db init --owner maria --clinic-name "Back in Balance" \
  >>"$work/service-init.log" 2>&1 || { cat "$work/service-init.log"; fail "fascia init of the service's database"; }
exec_start=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/fascia-syncd.service)
chmod 0711 "$work" # the service user reaches the notify socket, and nothing else here
mkdir -m 0755 "$work/notify"
python3 - "$work/notify/socket" $exec_start <<'PY' || fail "fascia-syncd did not report READY=1 when listening"
import os, socket, subprocess, sys
path, command = sys.argv[1], sys.argv[2:]
log = open(os.path.join(os.path.dirname(path), "daemon.log"), "w")
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
os.chmod(path, 0o666)
s.settimeout(30)
daemon = subprocess.Popen(["runuser", "-u", "fascia-syncd", "--", "env", "NOTIFY_SOCKET=" + path]
                          + command + ["--listen", "127.0.0.1:0"],
                          stdout=log, stderr=subprocess.STDOUT)
try:
    message = s.recv(4096).decode()
    assert message.startswith("READY=1"), message
finally:
    daemon.terminate()
    daemon.wait(30)
print("  " + message.replace("\n", " "))
PY

step "systemd-analyze verify and security"
unit=/lib/systemd/system/fascia-syncd.service
systemd-analyze verify "$unit" || fail "systemd-analyze verify $unit"
# Exposure 0-10, lower is safer; systemd calls up to 4.9 "OK" (and below 2 "SAFE").
systemd-analyze security --offline=true --no-pager "$unit" >"$work/security.log" 2>&1 || true
grep -E "Overall exposure level" "$work/security.log" || { cat "$work/security.log"; fail "no exposure score"; }
systemd-analyze security --offline=true --threshold=49 --no-pager "$unit" >/dev/null 2>&1 \
  || fail "exposure above 4.9 (\"OK\"): $(grep -E 'Overall' "$work/security.log")"

step "apt-get purge"
purge || { cat "$work/purge.log"; fail "apt-get purge"; }
for program in fascia fascia-desk fascia-syncd; do
  [ ! -e /usr/bin/$program ] || fail "/usr/bin/$program is still there after purge"
done
echo "debian packages: built, lintian-clean, installed, used, verified and removed"
