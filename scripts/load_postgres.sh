#!/usr/bin/env bash
# The web load on PostgreSQL: the full-scale demo, then scripts/load_test.py as a city and a
# county officer (two runs each: the first starts with an empty cache), then one user.
#   python scripts/with_postgres.py -- bash scripts/load_postgres.sh [SCALE]
# Work files go to var/load-postgres/ (demo files, cache, server log).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH" ZIZHU_VAR_DIR="$PWD/var/load-postgres/var"
export ZIZHU_PASSWORD='Load-test-2019!'
work="$PWD/var/load-postgres"
rm -rf "$work" && mkdir -p "$work"
/usr/bin/time -f "demo: %e s wall, peak %M KB" \
    zizhu demo --scale "${1:-1}" --audit --out "$work/demo" > "$work/demo.txt"
sed -n '/各步骤用时/,$p' "$work/demo.txt"
zizhu createuser loadtest --role CITY
zizhu createuser loadcounty --role COUNTY --county 440881
port=8123
zizhu serve --port $port > "$work/serve.log" 2>&1 &
server=$!
trap 'kill -INT $server; wait $server || true' EXIT
until (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; do sleep 0.5; done
for user in loadtest loadcounty; do
    for run in 1 2; do
        echo "== $user, run $run"
        python scripts/load_test.py --port $port --user $user --users 20 --requests 3000
    done
done
echo "== one user"
python scripts/load_test.py --port $port --user loadtest --users 1 --requests 120
