#!/usr/bin/env bash
# EduCounty test script: installs what the tests need when missing (PostgreSQL server, Chromium, CJK fonts),
# starts a throwaway PostgreSQL, runs every test project (SQLite and PostgreSQL cases, browser tests) and
# ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/.test-output"
rm -rf "$OUT"; mkdir -p "$OUT"

log() { echo "[test] $*" >&2; }

# 1. System packages (Debian). Installed only when missing; needs root (CI runs as root).
need=()
dpkg -s postgresql >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  log "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >"$OUT/apt.log" 2>&1
  apt-get install -y -qq "${need[@]}" >>"$OUT/apt.log" 2>&1 || { log "apt-get install failed (see $OUT/apt.log)"; tail -20 "$OUT/apt.log" >&2; }
fi

# 2. A throwaway PostgreSQL on a free local port, trust auth on 127.0.0.1, removed at exit.
PGBIN=$(pg_config --bindir)
PGDIR=$(mktemp -d /tmp/educounty-pg.XXXXXX)
chmod 755 "$PGDIR"
PGPORT=${EDUCOUNTY_TEST_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)}
if [ "$(id -u)" = "0" ]; then RUNPG=(su postgres -s /bin/sh -c); chown postgres:postgres "$PGDIR"; else RUNPG=(sh -c); fi
"${RUNPG[@]}" "$PGBIN/initdb -D $PGDIR/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >$PGDIR/initdb.log 2>&1" \
  || { log "initdb failed"; cat "$PGDIR/initdb.log" >&2; exit 1; }
"${RUNPG[@]}" "$PGBIN/pg_ctl -D $PGDIR/data -o '-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400' -l $PGDIR/log.txt -w start >/dev/null" \
  || { log "PostgreSQL did not start"; cat "$PGDIR/log.txt" >&2; exit 1; }
# The tests' SQLite files (and every other temporary file) go to a memory file system when there is one with room: they
# are real SQLite files all the same, but each commit's fsync costs ~5 ms on this kind of disk and nothing on tmpfs, and
# the suite commits many thousands of times (PostgreSQL above already runs with fsync=off). EDUCOUNTY_TEST_TMP=disk keeps
# them on disk.
RUNTMP=""
if [ "${EDUCOUNTY_TEST_TMP:-}" != "disk" ] && [ -d /dev/shm ] && [ -w /dev/shm ] \
   && [ "$(df -Pk /dev/shm 2>/dev/null | awk 'NR==2{print $4}')" -gt 6000000 ] 2>/dev/null; then
  RUNTMP=$(mktemp -d /dev/shm/educounty-tmp.XXXXXX) && chmod 755 "$RUNTMP" && export TMPDIR="$RUNTMP"
  log "temporary files in $RUNTMP"
fi
# The test projects share the run's key ring and pristine demo county through this folder
# (tests/EduCounty.Tests/Infrastructure/TestDatabases.cs): the demo is generated once per database, not once per project.
export EDUCOUNTY_TEST_SHARED=$(mktemp -d "${TMPDIR:-/tmp}/educounty-shared.XXXXXX")
cleanup() { "${RUNPG[@]}" "$PGBIN/pg_ctl -D $PGDIR/data -m immediate stop >/dev/null 2>&1"; rm -rf "$PGDIR" "$EDUCOUNTY_TEST_SHARED" ${RUNTMP:+"$RUNTMP"}; }
trap cleanup EXIT
export EDUCOUNTY_TEST_PG="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50"
log "PostgreSQL on port $PGPORT"

# 3. Build once, then run each test project with a TRX report.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# One compiler server for every project of the build (UseSharedCompilation; an environment that turns it off starts a
# fresh compiler for each project): 134 s instead of 156 s for a fresh clone here. It is stopped once the build is done.
if ! dotnet build EduCounty.slnx -c Release -nologo -v q -p:UseSharedCompilation=true >"$OUT/build.log" 2>&1; then
  log "build failed"; grep -E "error" "$OUT/build.log" | sort -u | head -40 >&2
  dotnet build-server shutdown >/dev/null 2>&1
  echo "0 passed, 1 failed"
  exit 1
fi
dotnet build-server shutdown >/dev/null 2>&1
status=0
# Style is part of the build (EnforceCodeStyleInBuild); whitespace and usings are checked here: a difference counts as
# one failed check in the final line (docs/adr/0020).
format_failed=0
# Code style (IDE rules) and analyzers are errors in the build itself (EnforceCodeStyleInBuild, TreatWarningsAsErrors),
# so the format check only has whitespace left to verify: the folder mode does it without a second compilation
# (about 40 s here against 2–3 min for the whole `dotnet format EduCounty.slnx --verify-no-changes`).
# It runs beside the tests.
dotnet format whitespace . --folder --verify-no-changes >"$OUT/format.log" 2>&1 &
format_pid=$!
# The test projects run at the same time (21 min 26 s on a fresh clone here, against 21 min 50 s one after the other:
# the machine is nearly saturated by one already), sharing the key ring and the pristine demos through
# EDUCOUNTY_TEST_SHARED under a file lock (tests/EduCounty.Tests/Infrastructure/TestDatabases.cs).
# EDUCOUNTY_TEST_SERIAL=1 runs them one after the other.
pids=()
for proj in tests/*/*.csproj; do
  name=$(basename "$proj" .csproj)
  log "running $name"
  dotnet test "$proj" -c Release --no-build -nologo --logger "trx;LogFileName=$name.trx" --results-directory "$OUT" \
    >"$OUT/$name.log" 2>&1 &
  pids+=($!)
  if [ "${EDUCOUNTY_TEST_SERIAL:-}" = "1" ]; then wait "${pids[-1]}" || status=1; pids=(); fi
done
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
if ! wait "$format_pid"; then
  log "dotnet format found differences (run: dotnet format EduCounty.slnx)"; head -20 "$OUT/format.log" >&2
  format_failed=1; status=1
fi
for proj in tests/*/*.csproj; do
  name=$(basename "$proj" .csproj)
  grep -E "^\s*(Failed|Passed!|Failed!|Total tests|error)" "$OUT/$name.log" | head -60 >&2
  # Why each test failed (its message's first lines), so a CI log alone tells the story.
  awk '/^  Failed /{n=0; show=1} /^  Stack Trace:/{show=0} show && n<15 {print; n++}' "$OUT/$name.log" | head -150 >&2
done

# 4. Sum the TRX counters: CI reads the last line.
python3 - "$OUT" "$format_failed" <<'PY'
import glob, re, sys
p = s = 0
f = int(sys.argv[2])
for path in glob.glob(sys.argv[1] + "/*.trx"):
    text = open(path, encoding="utf-8").read()
    m = re.search(r"<Counters ([^>]*)/>", text)
    if not m: continue
    c = dict(re.findall(r'(\w+)="(\d+)"', m.group(1)))
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    s += int(c.get("notExecuted", 0))
line = f"{p} passed, {f} failed" + (f", {s} skipped" if s else "")
print(line)
PY
trx=$(ls "$OUT"/*.trx 2>/dev/null | wc -l)
if [ "$trx" -lt "$(ls tests/*/*.csproj | wc -l)" ]; then log "a test project produced no results"; exit 1; fi
exit $status
