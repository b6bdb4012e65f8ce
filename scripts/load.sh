#!/usr/bin/env bash
# The web load (figures in BENCHMARKS.md "Web load"): the full-scale demo, `zizhu serve`, then
# locust (scripts/locustfile.py, headless, on loopback) with 20 users as a city officer (twice:
# the first run starts with an empty cache), as a county officer, and as a city officer while
# hostile uploads arrive; the peak memory of every server process is sampled meanwhile.
#   bash scripts/load.sh [SCALE]                                       # on SQLite
#   python scripts/with_postgres.py -- bash scripts/load.sh [SCALE]    # on PostgreSQL
# Work files go to var/load/ (demo files, cache, server log, locust's CSV files).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup
export PATH="$PWD/.venv/bin:$PATH" ZIZHU_VAR_DIR="$PWD/var/load/var"
export ZIZHU_PASSWORD='Load-test-2019!'
work="$PWD/var/load"
rm -rf "$work" && mkdir -p "$work"
/usr/bin/time -f "demo: %e s wall, peak %M KB" \
    zizhu demo --scale "${1:-1}" --audit --out "$work/demo" > "$work/demo.txt"
tail -n 3 "$work/demo.txt"
# Without DATABASE_URL the demo made its own SQLite file: the server and users use it too.
export DATABASE_URL="${DATABASE_URL:-sqlite:///$work/demo/demo.sqlite3}"
zizhu createuser loadtest --role CITY
zizhu createuser loadcounty --role COUNTY --county 440881
school=$(python - <<'PY'
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zizhu.settings"); django.setup()
from zizhu.registry.selectors import school_rows
from zizhu.core.scope import Scope
print(school_rows(scope=Scope.of_county("440881"))[0].code)
PY
)
zizhu createuser loadschool --role SCHOOL --school "$school"
port=8123
zizhu serve --port $port > "$work/serve.log" 2>&1 &
server=$!
python scripts/memory_watch.py $server > "$work/memory.txt" &
watcher=$!
trap 'kill $watcher 2>/dev/null || true; kill -INT $server; wait $server || true' EXIT
until (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; do sleep 0.5; done
run() {  # name, then environment for locustfile.py
    echo "== $1"
    env "${@:2}" locust -f scripts/locustfile.py --headless --host "http://127.0.0.1:$port" \
        --users 20 --spawn-rate 20 --run-time "${LOAD_SECONDS:-60}s" --only-summary --csv "$work/$1" \
        2>&1 | sed -n '/Response time percentiles/,$p'
}
run city-cold ZIZHU_LOAD_USER=loadtest
run city ZIZHU_LOAD_USER=loadtest
run county ZIZHU_LOAD_USER=loadcounty
run city-hostile ZIZHU_LOAD_USER=loadtest ZIZHU_LOAD_HOSTILE=1
kill $watcher; wait $watcher 2>/dev/null || true
echo "== peak memory of the server's processes"
cat "$work/memory.txt"
echo "== jobs of the hostile uploads"
python - <<'PY'
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zizhu.settings"); django.setup()
from django.db.models import Count
from zizhu.web.models import Job
for row in Job.objects.values("status", "code").annotate(n=Count("id")).order_by("status"):
    print(row)
PY
