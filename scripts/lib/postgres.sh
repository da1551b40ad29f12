# shellcheck shell=bash
# PostgreSQL 15 (Debian cluster 15/main) on loopback: start, wait, stop, run SQL as the superuser.
# Sourced, never executed; needs common.sh.

# zg_pg_cluster_status — prints "online", "down" or "missing" for cluster 15/main.
zg_pg_cluster_status() {
    local line
    line=$(pg_lsclusters -h 2>/dev/null | awk -v v="$ZG_PG_VERSION" -v c="$ZG_PG_CLUSTER" '$1 == v && $2 == c')
    if [[ -z "$line" ]]; then
        echo missing
    else
        awk '{ print ($4 ~ /^online/) ? "online" : "down" }' <<<"$line"
    fi
}

# zg_pg_wait_ready [SECONDS] — loops on pg_isready until the server accepts connections.
zg_pg_wait_ready() {
    local deadline=$((SECONDS + ${1:-60}))
    until pg_isready -q -h "$ZG_PG_HOST" -p "$ZG_PG_PORT"; do
        ((SECONDS < deadline)) || {
            zg_error "PostgreSQL is not ready on $ZG_PG_HOST:$ZG_PG_PORT; last lines of its log:"
            tail -n 20 "/var/log/postgresql/postgresql-$ZG_PG_VERSION-$ZG_PG_CLUSTER.log" >&2 || true
            return 1
        }
        sleep 0.5
    done
}

# zg_pg_configure — loopback-only listening and the connection limit for cluster 15/main (takes effect on the
# next start). Sets ZG_PG_CONF_CHANGED=1 when it rewrote the file.
#
# max_connections: every service keeps a small pool plus its outbox relay, LISTEN and scheduler connections, and
# the test suite runs up to six whole platforms at once (TestDatabaseLimiter), so PostgreSQL's default of 100 is
# too tight; each idle connection costs a few MB at most.
zg_pg_configure() {
    local conf_dir="/etc/postgresql/$ZG_PG_VERSION/$ZG_PG_CLUSTER/conf.d"
    local conf="$conf_dir/zhilyego.conf"
    local wanted="# Written by zg: ZhilyeGO's servers listen on loopback only.
listen_addresses = '$ZG_PG_HOST'
port = $ZG_PG_PORT
max_connections = ${ZG_PG_MAX_CONNECTIONS:-300}"
    ZG_PG_CONF_CHANGED=0
    mkdir -p "$conf_dir"
    if [[ ! -f "$conf" || "$(cat "$conf")" != "$wanted" ]]; then
        printf '%s\n' "$wanted" >"$conf"
        chmod 644 "$conf"
        ZG_PG_CONF_CHANGED=1
    fi
}

# zg_pg_start — creates the cluster if the package did not, configures it and starts it unless it runs.
zg_pg_start() {
    local status
    status=$(zg_pg_cluster_status)
    if [[ "$status" == missing ]]; then
        zg_info "creating PostgreSQL cluster $ZG_PG_VERSION/$ZG_PG_CLUSTER"
        pg_createcluster "$ZG_PG_VERSION" "$ZG_PG_CLUSTER" >/dev/null || zg_die "pg_createcluster failed"
        status=down
    fi
    zg_pg_configure
    if [[ "$status" == online && "$ZG_PG_CONF_CHANGED" == 1 ]]; then
        zg_info "restarting PostgreSQL $ZG_PG_VERSION/$ZG_PG_CLUSTER (its zg settings changed)"
        zg_run_detached pg_ctlcluster "$ZG_PG_VERSION" "$ZG_PG_CLUSTER" restart -m fast \
            || zg_die "pg_ctlcluster $ZG_PG_VERSION $ZG_PG_CLUSTER restart failed"
    elif [[ "$status" == online ]]; then
        zg_info "PostgreSQL $ZG_PG_VERSION/$ZG_PG_CLUSTER is already running"
    else
        zg_info "starting PostgreSQL $ZG_PG_VERSION/$ZG_PG_CLUSTER"
        zg_run_detached pg_ctlcluster "$ZG_PG_VERSION" "$ZG_PG_CLUSTER" start || zg_die "pg_ctlcluster $ZG_PG_VERSION $ZG_PG_CLUSTER start failed"
    fi
    zg_pg_wait_ready 60 || zg_die "PostgreSQL did not become ready"
}

# zg_pg_stop — fast shutdown of cluster 15/main if it runs.
zg_pg_stop() {
    if [[ "$(zg_pg_cluster_status)" == online ]]; then
        zg_info "stopping PostgreSQL $ZG_PG_VERSION/$ZG_PG_CLUSTER"
        pg_ctlcluster "$ZG_PG_VERSION" "$ZG_PG_CLUSTER" stop -m fast || zg_die "pg_ctlcluster stop failed"
    else
        zg_info "PostgreSQL $ZG_PG_VERSION/$ZG_PG_CLUSTER is not running"
    fi
}

# zg_pg_restart — fast restart, then waits until it accepts connections (used by Disruptive tests).
zg_pg_restart() {
    zg_run_detached pg_ctlcluster "$ZG_PG_VERSION" "$ZG_PG_CLUSTER" restart -m fast || return 1
    zg_pg_wait_ready 60
}

# zg_pg_superuser_sql [psql -v NAME=VALUE ...] — runs the SQL on stdin as the postgres superuser (peer
# authentication over the Unix socket) in the maintenance database (or $ZG_PSQL_DATABASE). Values are passed as psql variables and
# quoted in the SQL with :'NAME' (literals) or :"NAME" (identifiers), so they are never spliced into text.
zg_pg_superuser_sql() {
    (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -d "${ZG_PSQL_DATABASE:-postgres}" "$@")
}

# zg_pg_ensure_login_role ROLE PASSWORD — creates ROLE (LOGIN CREATEDB CREATEROLE) or resets its password.
zg_pg_ensure_login_role() {
    zg_pg_superuser_sql -v "role=$1" -v "password=$2" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN CREATEDB CREATEROLE', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
ALTER ROLE :"role" WITH LOGIN CREATEDB CREATEROLE PASSWORD :'password';
SQL
}

# zg_pg_ensure_database NAME OWNER — creates the database owned by OWNER unless it exists.
zg_pg_ensure_database() {
    zg_pg_superuser_sql -v "db=$1" -v "owner=$2" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'owner')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
}

# zg_pg_missing_service_objects SERVICE... — prints "role zhilyego_<service>" / "schema <service>" for each
# service whose role or schema does not exist in the project database.
zg_pg_missing_service_objects() {
    local svc
    for svc in "$@"; do
        ZG_PSQL_DATABASE="$ZG_DATABASE" zg_pg_superuser_sql -At -v "svc=$svc" <<'SQL'
SELECT 'role zhilyego_' || :'svc' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'zhilyego_' || :'svc');
SELECT 'schema ' || :'svc' WHERE NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = :'svc');
SQL
    done
}
