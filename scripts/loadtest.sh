#!/usr/bin/env bash
# Load test of a running EduCounty server with wrk (Debian's package, installed when missing): signs in once through
# the real sign-in form, then drives each page with N concurrent connections carrying that session, and prints
# p50/p95/p99 latency, requests/s and errors (connection errors, timeouts, and any answer other than 200 — a lost
# session's redirect to the sign-in page counts as an error).
#
#   scripts/loadtest.sh --url http://127.0.0.1:5000 --user leader --password '…' [--connections 200] [--duration 30s]
#                       [--threads 2] [--think 0] [--paths "/ /plan /schools /students /balance"]
#                       [--new-password '…']   (when the account must change its one-time password first)
#
# --think MS: each connection waits MS milliseconds (±50 %, uniform) between its requests — a user reading the page;
# 0 (default) sends the next request at once (a saturation test: latency ≈ connections ÷ throughput).
# Output: one line per path, then a line "overall" with the worst p95 and the sum of errors. Exit code 1 when a page
# does not answer 200 to the signed-in session before the run.
set -euo pipefail

URL=http://127.0.0.1:5000 USER_NAME="" PASSWORD="" NEW_PASSWORD="" CONNECTIONS=200 DURATION=30s THREADS=2 THINK=0
PATHS="/ /plan /schools /students /balance"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --url) URL="$2"; shift 2 ;;
    --user) USER_NAME="$2"; shift 2 ;;
    --password) PASSWORD="$2"; shift 2 ;;
    --new-password) NEW_PASSWORD="$2"; shift 2 ;;
    --connections|-c) CONNECTIONS="$2"; shift 2 ;;
    --duration|-d) DURATION="$2"; shift 2 ;;
    --threads|-t) THREADS="$2"; shift 2 ;;
    --think) THINK="$2"; shift 2 ;;
    --paths) PATHS="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "未知参数：$1" >&2; exit 2 ;;
  esac
done
[[ -n "$USER_NAME" && -n "$PASSWORD" ]] || { echo "需要 --user 与 --password（一个已改过初始密码的账号；或加 --new-password）" >&2; exit 2; }
URL="${URL%/}"

if ! command -v wrk >/dev/null; then
  echo "安装 wrk（apt-get）…" >&2
  (apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >/dev/null; })
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
JAR="$WORK/cookies"

# Posts a Blazor form of page $1 (its antiforgery token and _handler read from the page) with the fields in "$@".
post_form() {
  local page="$1"; shift
  local html token handler
  html=$(curl -sS -b "$JAR" -c "$JAR" "$URL$page")
  token=$(grep -o 'name="__RequestVerificationToken"[^>]*value="[^"]*"' <<<"$html" | head -1 | sed 's/.*value="\([^"]*\)"/\1/')
  handler=$(grep -o 'name="_handler"[^>]*value="[^"]*"' <<<"$html" | head -1 | sed 's/.*value="\([^"]*\)"/\1/')
  local args=(--data-urlencode "__RequestVerificationToken=$token" --data-urlencode "_handler=$handler")
  for f in "$@"; do args+=(--data-urlencode "$f"); done
  curl -sS -o /dev/null -w '%{redirect_url}' -b "$JAR" -c "$JAR" "${args[@]}" "$URL$page"
}

next=$(post_form /account/login "Input.UserName=$USER_NAME" "Input.Password=$PASSWORD")
if [[ "$next" == *change-password* ]]; then
  [[ -n "$NEW_PASSWORD" ]] || { echo "账号须先修改初始密码：加 --new-password" >&2; exit 2; }
  post_form /account/change-password "Input.Current=$PASSWORD" "Input.New=$NEW_PASSWORD" "Input.Confirm=$NEW_PASSWORD" >/dev/null
fi
COOKIE=$(awk -F'\t' '!/^#/ || /^#HttpOnly_/ { if (NF >= 7) printf "%s=%s; ", $6, $7 }' "$JAR")
[[ "$COOKIE" == *educounty.auth* ]] || { echo "登录失败（没有得到登录 Cookie）：检查用户名与密码" >&2; exit 1; }

for p in $PATHS; do
  code=$(curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$URL$p")
  [[ "$code" == 200 ]] || { echo "$p 对已登录会话回答 $code（应为 200）" >&2; exit 1; }
done

cat >"$WORK/report.lua" <<'LUA'
-- Counts every answer other than 200 (wrk itself counts only >= 400), sleeps the think time, prints percentiles.
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) not200 = 0; think = tonumber(os.getenv("THINK_MS") or "0"); math.randomseed(os.time() + math.floor(os.clock() * 1e6)) end
function delay() if think > 0 then return math.floor(think * (0.5 + math.random())) end return 0 end
function response(status, headers, body) if status ~= 200 then not200 = not200 + 1 end end
function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + (t:get("not200") or 0) end
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.timeout + n
  io.write(string.format("RESULT requests=%d seconds=%.1f p50=%.1f p95=%.1f p99=%.1f max=%.1f errors=%d (connect %d, read %d, write %d, timeout %d, not-200 %d)\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, errors, e.connect, e.read, e.write, e.timeout, n))
end
LUA

echo "EduCounty 负载测试：$URL，$CONNECTIONS 个并发连接（同一登录会话），每页 $DURATION，思考时间 ${THINK} ms，wrk $THREADS 线程"
printf '%-12s %10s %8s %9s %9s %9s %9s %7s\n' 路径 请求数 每秒 p50_ms p95_ms p99_ms max_ms 错误
worst=0 total_errors=0
for p in $PATHS; do
  line=$(THINK_MS="$THINK" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s -H "Cookie: $COOKIE" -s "$WORK/report.lua" "$URL$p" | grep '^RESULT')
  declare -A r=()
  for kv in $line; do [[ "$kv" == *=* ]] && r[${kv%%=*}]=${kv#*=}; done
  rps=$(awk -v n="${r[requests]}" -v s="${r[seconds]}" 'BEGIN { printf "%.0f", n / s }')
  printf '%-12s %10s %8s %9s %9s %9s %9s %7s\n' "$p" "${r[requests]}" "$rps" "${r[p50]}" "${r[p95]}" "${r[p99]}" "${r[max]}" "${r[errors]}"
  worst=$(awk -v a="$worst" -v b="${r[p95]}" 'BEGIN { print (b > a ? b : a) }')
  total_errors=$((total_errors + r[errors]))
  unset r
done
echo "overall worst_p95_ms=$worst errors=$total_errors"
