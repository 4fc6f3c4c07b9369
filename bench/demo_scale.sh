#!/bin/sh
# Times `fascia demo --scale N` end to end, process start to exit (the
# foundation issue asks for 100,000 clients in under a minute).
# Usage: bench/demo_scale.sh [path/to/fascia] [N] [runs]
#   defaults: build-bench/bin/fascia beside this folder, 100000, 3 runs.
# The database goes in a scratch folder under $FASCIA_BENCH_DIR (default /tmp).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
fascia=${1:-$here/../build-bench/bin/fascia}
scale=${2:-100000}
runs=${3:-3}
if [ ! -x "$fascia" ]; then
    echo "no fascia executable at $fascia: build first (see bench/README.md) or pass its path" >&2
    exit 2
fi
dir=$(mktemp -d "${FASCIA_BENCH_DIR:-/tmp}/fascia-demo-scale-XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
db="$dir/demo.db"

if command -v hyperfine >/dev/null 2>&1; then
    # Each run starts from no database: `fascia demo` refuses a clinic that has data.
    hyperfine --runs "$runs" --prepare "rm -f '$db' '$db-wal' '$db-shm'" \
        "'$fascia' --db '$db' demo --scale $scale"
else
    i=0
    while [ "$i" -lt "$runs" ]; do
        rm -f "$db" "$db-wal" "$db-shm"
        /usr/bin/time -f "run $((i + 1)): %e s elapsed, %U s user, %S s system, %M KiB peak memory" \
            "$fascia" --db "$db" demo --scale "$scale" >/dev/null
        i=$((i + 1))
    done
fi
