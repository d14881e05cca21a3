#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for peil's tests, in a temporary folder,
# run by an unprivileged user and reachable only through a Unix socket in
# that folder (no TCP port, so nothing to collide with).
#
#   eval "$(.ci/postgres.sh start)"   # prints export lines: PEIL_TEST_POSTGRES, PEIL_PG_DIR
#   go test ./postgres/...
#   .ci/postgres.sh stop "$PEIL_PG_DIR"
#
# Needs the PostgreSQL server binaries (Debian: apt-get install postgresql).
# Run as root (as CI does), the cluster belongs to the user "postgres" that
# Debian's package creates (or "peilpg", made here when neither exists);
# run as anyone else, it belongs to you.
set -euo pipefail

bindir() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir; return
  fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$d" ] || [ ! -x "$d/initdb" ]; then
    echo "postgres.sh: no PostgreSQL server found (Debian: apt-get install postgresql)" >&2
    exit 1
  fi
  echo "$d"
}

# as runs a command as the cluster's owner.
owner=$(id -un)
as() { "$@"; }
if [ "$(id -u)" = 0 ]; then
  if id postgres >/dev/null 2>&1; then
    owner=postgres
  else
    id peilpg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin peilpg
    owner=peilpg
  fi
  # From /, which the owner may enter (it may not enter root's folders).
  as() { (cd / && runuser -u "$owner" -- "$@"); }
fi

case "${1:-}" in
start)
  bin=$(bindir)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/peil-pg.XXXXXX")
  chmod 700 "$dir"
  [ "$owner" = "$(id -un)" ] || chown "$owner" "$dir"
  as "$bin/initdb" -D "$dir/data" -U peil --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  # Only the Unix socket in $dir: no TCP port at all.
  as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-c listen_addresses='' -k $dir -c max_connections=200" start >/dev/null ||
    { cat "$dir/server.log" >&2; exit 1; }
  echo "export PEIL_PG_DIR='$dir'"
  echo "export PEIL_TEST_POSTGRES='host=$dir user=peil dbname=postgres sslmode=disable'"
  ;;
stop)
  dir=${2:?usage: postgres.sh stop DIR}
  case "$dir" in */peil-pg.*) ;; *) echo "postgres.sh: $dir is not a folder made by postgres.sh start" >&2; exit 1 ;; esac
  if [ -d "$dir/data" ]; then
    as "$(bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start | stop DIR" >&2
  exit 2
  ;;
esac
