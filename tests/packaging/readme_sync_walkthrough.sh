#!/usr/bin/env bash
# Runs the README's "Sync: a server and two desks" walkthrough as written, in
# a scratch home, with the programs of the build under test: so the README
# cannot promise a command that does not exist or does not work.
# Two changes only, both for a machine running tests in parallel: the daemon
# listens on a free port instead of 7455, and `sync watch` (which runs until
# Ctrl+C) is left out. The test waits for the daemon to listen before the
# next command, as a person would.
# usage: readme_sync_walkthrough.sh README.md BIN_DIR
set -euo pipefail
readme=$1
bin=$(cd "$2" && pwd)

home=$(mktemp -d /tmp/fascia-readme.XXXXXX)
daemon=
cleanup() {
  local code=$?
  [ -n "$daemon" ] && kill "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null
  rm -rf "$home"
  exit $code
}
trap cleanup EXIT

# The walkthrough: the first ```sh block of the section.
script=$(awk '/^## Sync: a server and two desks/ {section=1; next}
              section && /^## / {exit}
              section && /^```sh/ {block=1; next}
              block && /^```/ {exit}
              block {print}' "$readme")
[ -n "$script" ] || { echo "FAIL: no sync walkthrough found in $readme"; exit 1; }

port=
for candidate in $(shuf -i 20000-60000 -n 20); do
  if ! (exec 3<>/dev/tcp/127.0.0.1/$candidate) 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "FAIL: no free port"; exit 1; }

export HOME=$home PATH=$bin:/usr/bin:/bin
unset XDG_CONFIG_HOME XDG_DATA_HOME FASCIA_DB FASCIA_USER FASCIA_PLUGIN_PATH
cd "$home"
ran=0
while IFS= read -r line; do
  command=${line%%#*}                               # comments are for people
  command=${command%"${command##*[![:space:]]}"}    # trailing blanks
  [ -n "$command" ] || continue
  case "$command" in
    "export PATH="*) continue ;;                    # the build under test is on PATH already
    *"sync watch"*) continue ;;                     # runs until Ctrl+C
  esac
  command=${command//7455/$port}
  echo "\$ $command"
  if [[ "$command" == "fascia-syncd &" ]]; then
    fascia-syncd --listen "127.0.0.1:$port" >"$home/syncd.log" 2>&1 &
    daemon=$!
    for _ in $(seq 1 100); do
      (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break
      kill -0 "$daemon" 2>/dev/null || { cat "$home/syncd.log"; echo "FAIL: fascia-syncd exited"; exit 1; }
      sleep 0.1
    done
  else
    output=$(eval "$command" 2>&1) || { echo "$output"; echo "FAIL: the README's command failed: $line"; exit 1; }
    echo "$output" | sed 's/^/  /'
  fi
  ran=$((ran + 1))
done <<<"$script"

# What the walkthrough promises: the client added at the front desk is found in room 2.
fascia --db ~/room2.db clients find ngaio | grep -q "Marsh" || { echo "FAIL: room 2 did not receive Ngaio Marsh"; exit 1; }
echo "README sync walkthrough: $ran commands ran as written"
