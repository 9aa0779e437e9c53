#!/usr/bin/env bash
# Backup, restore and the restore drill of an EduCounty database and its key ring (issue 21 §2; README "Deploy").
#
#   scripts/backup.sh backup  --db DB --keys FILE --to DIR      copy the database and the key ring into DIR
#   scripts/backup.sh restore --db DB --keys FILE --from DIR    put them back (the database is replaced)
#   scripts/backup.sh drill   --db DB --keys FILE [--work DIR]  back up, wipe, restore, then check: `audit verify` intact
#                                                               and a student's 身份证号 readable as before
#
# DB is the EduCounty:Database setting: a SQLite file, or a PostgreSQL connection string ("Host=…;Port=…;Username=…;
# Password=…;Database=…"). FILE is the key ring (educounty.keys). Without the key ring a restored database is useless:
# every 身份证号 and 学籍号 is encrypted with it. Keep both backups apart from the server and readable by the operator only.
# SQLite is copied online with sqlite3's .backup; PostgreSQL with pg_dump -Fc / pg_restore. Set EDUCOUNTY_CLI to run the
# CLI differently (default: dotnet src/EduCounty.Cli/bin/Release/net10.0/educounty.dll). Stop the web service before a
# restore.
set -euo pipefail

die() { echo "错误：$*" >&2; exit 2; }

cmd="${1:-}"; shift || true
db=""; keys=""; dir=""; work=""
while [ $# -gt 0 ]; do
    case "$1" in
        --db) db="$2"; shift 2 ;;
        --keys) keys="$2"; shift 2 ;;
        --to|--from) dir="$2"; shift 2 ;;
        --work) work="$2"; shift 2 ;;
        *) die "未知参数 $1" ;;
    esac
done
[ -n "$db" ] || die "缺少 --db"
[ -n "$keys" ] || die "缺少 --keys（密钥文件 educounty.keys）"

here="$(cd "$(dirname "$0")/.." && pwd)"
read -r -a cli <<< "${EDUCOUNTY_CLI:-dotnet $here/src/EduCounty.Cli/bin/Release/net10.0/educounty.dll}"

is_pg() { [[ "$db" == *"Host="* || "$db" == *"host="* ]]; }

# Npgsql's "Key=Value;…" as libpq's environment (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE).
pg_env() {
    local part key value
    export PGOPTIONS="-c client_min_messages=warning"
    IFS=';' read -r -a parts <<< "$db"
    for part in "${parts[@]}"; do
        key="${part%%=*}"; value="${part#*=}"
        case "${key,,}" in
            host|server) export PGHOST="$value" ;;
            port) export PGPORT="$value" ;;
            username|user\ id|userid|user) export PGUSER="$value" ;;
            password) export PGPASSWORD="$value" ;;
            database) export PGDATABASE="$value" ;;
        esac
    done
}

backup() {
    local to="$1"
    mkdir -p "$to"; chmod 700 "$to"
    if is_pg; then
        pg_env
        pg_dump -Fc --no-owner -f "$to/educounty.dump"
    else
        [ -f "$db" ] || die "数据库文件 $db 不存在"
        sqlite3 "$db" ".backup '$to/educounty.db'"
    fi
    cp "$keys" "$to/educounty.keys"
    chmod 600 "$to"/*
    echo "已备份到 $to"
}

restore() {
    local from="$1"
    [ -f "$from/educounty.keys" ] || die "$from 中没有密钥文件 educounty.keys"
    if is_pg; then
        [ -f "$from/educounty.dump" ] || die "$from 中没有 educounty.dump"
        pg_env
        psql -q -v ON_ERROR_STOP=1 -c "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;" >/dev/null
        pg_restore --no-owner -d "$PGDATABASE" "$from/educounty.dump"
    else
        [ -f "$from/educounty.db" ] || die "$from 中没有 educounty.db"
        mkdir -p "$(dirname "$db")"
        rm -f "$db" "$db-wal" "$db-shm"
        cp "$from/educounty.db" "$db"
    fi
    mkdir -p "$(dirname "$keys")"
    cp "$from/educounty.keys" "$keys"
    chmod 600 "$keys"
    echo "已从 $from 恢复"
}

wipe() {
    if is_pg; then
        pg_env
        psql -q -v ON_ERROR_STOP=1 -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public;" >/dev/null
    else
        rm -f "$db" "$db-wal" "$db-shm"
    fi
    rm -f "$keys"
    echo "已清除数据库和密钥文件"
}

# The first student's 身份证号 in plain text (an export with --show-id, keys from the key ring file).
first_id() {
    local out="$1/students.csv"
    EDUCOUNTY_KEYS="$(tr '\n' ';' < "$keys")" "${cli[@]}" export students --out "$out" --show-id --db "$db" >/dev/null
    python3 - "$out" <<'EOF'
import csv, sys
with open(sys.argv[1], encoding='utf-8-sig') as f:
    rows = list(csv.DictReader(f))
row = next(r for r in rows if r.get('身份证号'))
print(row['学籍号'] + '\t' + row['身份证号'])
EOF
}

case "$cmd" in
    backup) [ -n "$dir" ] || die "缺少 --to"; backup "$dir" ;;
    restore) [ -n "$dir" ] || die "缺少 --from"; restore "$dir" ;;
    drill)
        work="${work:-$(mktemp -d)}"; mkdir -p "$work"
        before="$(first_id "$work")"
        backup "$work/backup"
        wipe
        restore "$work/backup"
        EDUCOUNTY_KEYS="$(tr '\n' ';' < "$keys")" "${cli[@]}" audit verify --db "$db"
        after="$(first_id "$work")"
        [ "$before" = "$after" ] || die "恢复后身份证号不一致：恢复前 ${before%%	*}，恢复后 ${after%%	*}"
        id="${after#*	}"
        [[ "$id" =~ ^[0-9]{17}[0-9X]$ ]] || die "恢复后身份证号不可读：$id"
        echo "演练通过：审计链完整，学生 ${after%%	*} 的身份证号可读（${id:0:6}********${id:14}）"
        ;;
    *) die "用法：scripts/backup.sh backup|restore|drill --db DB --keys FILE [--to|--from DIR] [--work DIR]" ;;
esac
