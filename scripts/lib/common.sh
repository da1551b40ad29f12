# shellcheck shell=bash
# shellcheck disable=SC2034 # constants used by the files that source this one
# Shared constants and helpers for zg and the scripts under scripts/. Sourced, never executed.

# Repository root: scripts/lib/common.sh lives two levels below it.
ZG_ROOT="${ZG_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
ZG_RUN_DIR="$ZG_ROOT/.run"
ZG_PID_DIR="$ZG_RUN_DIR/pids"
ZG_LOG_DIR="$ZG_RUN_DIR/logs"
ZG_ENV_FILE="$ZG_ROOT/.env.local"

# The service executables, in start order (the admin panel last: it shows the others' state).
# Start order: consumers of other services' events first, so that their queues exist (and are bound) before
# the first events are published on a fresh broker — a topic exchange drops what no queue is bound for yet.
ZG_SERVICES=(analytics notifier catalog booking payments gateway admin)

# Loopback addresses of the shared servers.
ZG_PG_HOST=127.0.0.1
ZG_PG_PORT=5432
ZG_PG_VERSION=15
ZG_PG_CLUSTER=main
# The deployment's names on the shared servers. The environment may override them (another deployment beside
# this one on the same servers; the tests of zg itself use throwaway names).
ZG_DATABASE=${ZG_DATABASE:-zhilyego}
# The database's owner, used only to provision the service roles (zhilyego_<service>; the admin panel's
# role is zhilyego_admin, hence another name here). Its password is DB_ADMIN_PASSWORD.
ZG_DB_ADMIN_ROLE=${ZG_DB_ADMIN_ROLE:-zhilyego_owner}
ZG_AMQP_HOST=127.0.0.1
ZG_AMQP_PORT=5672
ZG_AMQP_USER=${ZG_AMQP_USER:-zhilyego}
ZG_AMQP_VHOST=${ZG_AMQP_VHOST:-zhilyego}
ZG_RABBITMQ_MANAGEMENT_PORT=15672

# Machine-wide lock serialising server set-up between concurrent zg runs (several checkouts share the servers).
ZG_INFRA_LOCK=/run/lock/zhilyego-infra.lock

if [[ -t 1 ]]; then
    _zg_bold=$'\e[1m' _zg_red=$'\e[31m' _zg_yellow=$'\e[33m' _zg_green=$'\e[32m' _zg_reset=$'\e[0m'
else
    _zg_bold='' _zg_red='' _zg_yellow='' _zg_green='' _zg_reset=''
fi

zg_info() { printf '%szg:%s %s\n' "$_zg_bold" "$_zg_reset" "$*"; }
zg_ok() { printf '%szg:%s %s%s%s\n' "$_zg_bold" "$_zg_reset" "$_zg_green" "$*" "$_zg_reset"; }
zg_warn() { printf '%szg: warning:%s %s\n' "$_zg_yellow" "$_zg_reset" "$*" >&2; }
zg_error() { printf '%szg: error:%s %s\n' "$_zg_red" "$_zg_reset" "$*" >&2; }
zg_die() {
    zg_error "$*"
    exit 1
}

# zg_service_port SERVICE — the loopback HTTP port of a service in development.
zg_service_port() {
    case "$1" in
        admin) echo 8080 ;;
        gateway) echo 8081 ;;
        catalog) echo 8082 ;;
        booking) echo 8083 ;;
        payments) echo 8084 ;;
        notifier) echo 8085 ;;
        analytics) echo 8086 ;;
        telegram-sandbox) echo 8090 ;;
        kaspi-sandbox) echo 8091 ;;
        *) return 1 ;;
    esac
}

zg_is_service() {
    local s
    for s in "${ZG_SERVICES[@]}"; do [[ "$s" == "$1" ]] && return 0; done
    return 1
}

zg_require_root() {
    [[ "$(id -u)" -eq 0 ]] || zg_die "'zg $1' must run as root: it installs packages and starts PostgreSQL and RabbitMQ"
}

# zg_ensure_swift — puts the toolchain in /opt/swift on PATH when swift is not found.
zg_ensure_swift() {
    if ! command -v swift >/dev/null 2>&1; then
        if [[ -x /opt/swift/usr/bin/swift ]]; then
            export PATH="/opt/swift/usr/bin:$PATH"
        else
            zg_die "swift not found on PATH nor in /opt/swift/usr/bin: install the Swift 6 toolchain"
        fi
    fi
}

# zg_random_hex BYTES — BYTES random bytes as lowercase hex (safe inside URLs and SQL literals).
zg_random_hex() { openssl rand -hex "$1"; }

# zg_urlencode STRING — percent-encodes everything but unreserved characters (RFC 3986).
zg_urlencode() {
    local LC_ALL=C s="$1" out='' c i
    for ((i = 0; i < ${#s}; i++)); do
        c="${s:i:1}"
        case "$c" in
            [a-zA-Z0-9.~_-]) out+="$c" ;;
            *) out+=$(printf '%%%02X' "'$c") ;;
        esac
    done
    printf '%s' "$out"
}

# zg_lock_infra / zg_unlock_infra — hold the machine-wide set-up lock (released at exit anyway).
zg_lock_infra() {
    mkdir -p "$(dirname "$ZG_INFRA_LOCK")"
    exec {_zg_lock_fd}>"$ZG_INFRA_LOCK"
    if ! flock -n "$_zg_lock_fd"; then
        zg_info "waiting for another zg run to finish setting up the servers…"
        flock "$_zg_lock_fd"
    fi
    # Unlock explicitly on any exit: a daemon started meanwhile that inherited the descriptor (which
    # zg_run_detached prevents, but a tool may start one of its own) would otherwise keep the lock.
    trap zg_unlock_infra EXIT
}
zg_unlock_infra() {
    if [[ -n "${_zg_lock_fd:-}" ]]; then
        flock -u "$_zg_lock_fd"
        exec {_zg_lock_fd}>&-
        _zg_lock_fd=''
    fi
}

# zg_port_open PORT — whether something accepts TCP connections on 127.0.0.1:PORT.
zg_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# zg_exec_detached COMMAND... — replaces the current (sub)shell with COMMAND, stdin from /dev/null and every
# inherited descriptor above 2 closed. Daemons started this way hold no pipe, socket or lock of ours: a caller
# that waits for end-of-file (a shell's $(…), CI reading our output, Foundation's Process waiting for its
# child) would otherwise hang for as long as the daemon lives.
zg_exec_detached() {
    local fd
    for fd in /proc/self/fd/*; do
        fd=${fd##*/}
        if [[ "$fd" =~ ^[0-9]+$ ]] && ((fd > 2)); then
            eval "exec $fd>&-" 2>/dev/null || true
        fi
    done
    exec "$@" </dev/null
}

# zg_run_detached COMMAND... — runs COMMAND detached (see zg_exec_detached) with its output in a temporary
# file, shown afterwards (on stderr when it fails). Returns COMMAND's status.
zg_run_detached() {
    local out rc=0
    out=$(mktemp)
    (zg_exec_detached "$@") >"$out" 2>&1 || rc=$?
    if ((rc != 0)); then
        cat "$out" >&2
    else
        cat "$out"
    fi
    rm -f "$out"
    return "$rc"
}
