#!/usr/bin/env bash
# Read replica check (issue 20 item 5, docs/adr/0028): starts a PostgreSQL primary and a streaming standby on this
# machine, fills the primary with the demo county through the CLI, runs the web app with its writes on the primary and
# its reads (dashboards, lists, reports) on the standby through an Npgsql multi-host connection string, then
#   1. reads the dashboard and checks that the standby served it (the app's sessions in the standby's pg_stat_activity),
#   2. writes on the primary and reads the new figure back from the standby (streaming replication),
#   3. stops the primary and keeps reading every page for 10 s: every answer must be 200.
# Prints "N passed, N failed" at the end (one check each) and exits non-zero on a failure.
#   scripts/replica-test.sh [--keep]   (build first: dotnet build src/EduCounty.Web -c Release; src/EduCounty.Cli likewise)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PGBIN=$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | tail -1)
WORK=$(mktemp -d /tmp/educounty-replica.XXXXXX)
chmod 755 "$WORK"
P1=${REPLICA_PRIMARY_PORT:-55461} P2=${REPLICA_STANDBY_PORT:-55462} WEB=${REPLICA_WEB_PORT:-5461}
CLI="$ROOT/src/EduCounty.Cli/bin/Release/net10.0/educounty.dll"
WEBDLL="$ROOT/src/EduCounty.Web/bin/Release/net10.0/EduCounty.Web.dll"
passed=0 failed=0
check() { if eval "$2"; then echo "通过：$1"; passed=$((passed + 1)); else echo "失败：$1"; failed=$((failed + 1)); fi; }
as_pg() { if [[ $(id -u) == 0 ]]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
WEBPID=""
cleanup() {
  [[ -n "$WEBPID" ]] && kill "$WEBPID" 2>/dev/null
  for d in standby primary; do [[ -d "$WORK/$d" ]] && as_pg "$PGBIN/pg_ctl -D $WORK/$d -m immediate stop" >/dev/null 2>&1; done
  [[ "${1:-}" == --keep ]] || rm -rf "$WORK"
}
trap 'cleanup "${KEEP:-}"' EXIT
[[ "${1:-}" == --keep ]] && KEEP=--keep
[[ -f "$CLI" && -f "$WEBDLL" ]] || { echo "先构建：dotnet build src/EduCounty.Cli -c Release && dotnet build src/EduCounty.Web -c Release" >&2; exit 2; }
[[ $(id -u) == 0 ]] && chown postgres:postgres "$WORK"

echo "== 主库 :$P1 与流复制备库 :$P2（$WORK）"
as_pg "$PGBIN/initdb -D $WORK/primary -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null" || exit 1
cat >>"$WORK/primary/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $P1
unix_socket_directories = '$WORK'
wal_level = replica
max_wal_senders = 5
hot_standby = on
EOF
echo "host replication all 127.0.0.1/32 trust" >>"$WORK/primary/pg_hba.conf"
as_pg "$PGBIN/pg_ctl -D $WORK/primary -l $WORK/primary.log -w start >/dev/null" || exit 1
as_pg "$PGBIN/pg_basebackup -h 127.0.0.1 -p $P1 -U postgres -D $WORK/standby -R -X stream >/dev/null" || exit 1
sed -i "s/^port = $P1/port = $P2/" "$WORK/standby/postgresql.conf"
as_pg "$PGBIN/pg_ctl -D $WORK/standby -l $WORK/standby.log -w start >/dev/null" || exit 1
check "备库处于恢复（只读）状态" '[[ $(psql -h 127.0.0.1 -p $P2 -U postgres -Atc "select pg_is_in_recovery()") == t ]]'

PRIMARY="Host=127.0.0.1;Port=$P1;Username=postgres;Database=educounty"
READ="Host=127.0.0.1:$P2,127.0.0.1:$P1;Username=postgres;Database=educounty;Target Session Attributes=prefer-standby"
psql -h 127.0.0.1 -p $P1 -U postgres -qc "CREATE DATABASE educounty ENCODING 'UTF8'"
echo "== 在主库生成示例县（CLI）"
start=$(date +%s)
dotnet "$CLI" demo --db "$PRIMARY" | tail -2
echo "   用时 $(( $(date +%s) - start )) 秒"

echo "== 启动网站：写入主库，读取备库（$READ）"
mkdir -p "$WORK/web"
# A server left on the port (an earlier run stopped halfway) would answer in place of this one.
curl -s -o /dev/null "http://127.0.0.1:$WEB/account/login" && { echo "端口 $WEB 已有服务在运行（REPLICA_WEB_PORT 可换端口）" >&2; exit 1; }
(cd "$(dirname "$WEBDLL")" && EDUCOUNTY_DB="$PRIMARY" EDUCOUNTY_READ_DB="$READ" EduCounty__DemoOnEmptyDatabase=false \
  EduCounty__KeysFile="$WORK/web/keys" EduCounty__InitialPasswordFile="$WORK/web/initial-passwords.txt" ASPNETCORE_ENVIRONMENT=Production \
  exec dotnet EduCounty.Web.dll --urls "http://127.0.0.1:$WEB" >"$WORK/web/log" 2>&1) &
WEBPID=$!
for _ in $(seq 1 180); do curl -s -o /dev/null "http://127.0.0.1:$WEB/account/login" && break; sleep 1; done
# The first start writes the initial accounts' one-time passwords to an owner-only file, never to the log (issue 13 §2).
PASSWORD=$(awk -F '\t' '$1 == "leader" {print $2; exit}' "$WORK/web/initial-passwords.txt" 2>/dev/null)
[[ -n "$PASSWORD" ]] || { echo "未找到 leader 的一次性密码" >&2; exit 1; }

# Sign in (and change the one-time password) through the forms, as scripts/loadtest.sh does.
JAR="$WORK/jar" URL="http://127.0.0.1:$WEB"
post_form() {
  local page="$1"; shift
  local html token handler
  html=$(curl -sS -b "$JAR" -c "$JAR" "$URL$page")
  token=$(grep -o 'name="__RequestVerificationToken"[^>]*value="[^"]*"' <<<"$html" | head -1 | sed 's/.*value="\([^"]*\)"/\1/')
  handler=$(grep -o 'name="_handler"[^>]*value="[^"]*"' <<<"$html" | head -1 | sed 's/.*value="\([^"]*\)"/\1/')
  local args=(--data-urlencode "__RequestVerificationToken=$token" --data-urlencode "_handler=$handler")
  for f in "$@"; do args+=(--data-urlencode "$f"); done
  curl -sS -o /dev/null -b "$JAR" -c "$JAR" "${args[@]}" "$URL$page"
}
post_form /account/login "Input.UserName=leader" "Input.Password=$PASSWORD"
post_form /account/change-password "Input.Current=$PASSWORD" "Input.New=Replica-check-2026!" "Input.Confirm=Replica-check-2026!"
get() { curl -s -o "$WORK/page" -w '%{http_code}' -b "$JAR" "$URL$1"; }
kpi() { get / >/dev/null; grep -o 'id="kpi-compulsory">[0-9]*' "$WORK/page" | grep -o '[0-9]*$'; }

before=$(kpi)
check "首页由网站读出（义务教育在校生 $before 人）" '[[ -n "$before" ]]'
standby_sessions=$(psql -h 127.0.0.1 -p $P2 -U postgres -Atc "select count(*) from pg_stat_activity where datname = 'educounty' and pid <> pg_backend_pid()")
check "网站的读连接在备库上（备库会话 $standby_sessions 个）" '[[ $standby_sessions -ge 1 ]]'

echo "== 在主库写入：2025 学年一所学校的初一在校生 +1000 人（数据版本随之递增）"
psql -h 127.0.0.1 -p $P1 -U postgres -d educounty -qc "BEGIN;
  UPDATE \"GradeEnrolments\" SET \"Students\" = \"Students\" + 1000 WHERE \"Id\" = (SELECT \"Id\" FROM \"GradeEnrolments\" WHERE \"Grade\" = 'J1' AND \"Year\" = (SELECT max(\"Year\") FROM \"GradeEnrolments\") ORDER BY \"Id\" LIMIT 1);
  UPDATE \"DataVersions\" SET \"Version\" = \"Version\" + 1 WHERE \"Id\" = 1; COMMIT;"
after=""
for _ in $(seq 1 20); do sleep 0.5; after=$(kpi); [[ "$after" == $((before + 1000)) ]] && break; done
check "备库读到主库的写入（$before → $after）" '[[ "$after" == $((before + 1000)) ]]'

echo "== 停止主库，继续读 10 秒"
as_pg "$PGBIN/pg_ctl -D $WORK/primary -m fast stop >/dev/null"
ok=0 bad=0 end=$(( $(date +%s) + 10 ))
while [[ $(date +%s) -lt $end ]]; do
  # Downloads are audited, and the audit trail is written on the primary: they wait for it (not read here).
  for p in / /plan /schools /students /balance /plan/drill/compulsory.retention; do
    code=$(get "$p"); if [[ "$code" == 200 ]]; then ok=$((ok + 1)); else bad=$((bad + 1)); echo "   $p → $code"; fi
  done
done
check "主库停止后读取全部成功（$ok 次 200，$bad 次失败）" '[[ $bad == 0 && $ok -gt 0 ]]'
echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
