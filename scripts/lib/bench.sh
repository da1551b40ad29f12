# shellcheck shell=bash
# Benchmarks against the running system (`./zg up` first). Results go to docs/performance.md by hand, with the
# command that produced them.

zg_bench_usage() {
    cat <<'EOT'
usage: ./zg bench NAME [VAR=value …]
  bookings   hold → Kaspi pay-by-account → booking paid → event consumed, per second (booking-benchmark), preceded
             by `pgbench -N` on a scratch database in the same run (BENCH_BOOKINGS, BENCH_CONCURRENCY,
             BENCH_PGBENCH_SECONDS=15; BENCH_PGBENCH=0 skips it); prints what each confirmed booking cost (CPU by
             process, committed transactions, broker messages, context switches); afterwards deletes the
             notifications its bookings left queued for chats that do not exist (BENCH_CLEANUP=0 keeps them,
             BENCH_CLEANUP_SECONDS=300); stays
             start after the bookings of earlier runs unless BENCH_FIRST_DAY (days from today) is given
  bot        the bot's search replies through the Telegram sandbox (bot-benchmark: BENCH_CHATS, BENCH_ROUNDS)
  bus        raw librabbitmq, MessageBus and the outbox relay (bus-benchmark; uses the test broker user)
  notifier   notifications/s to the Telegram sandbox with its limits off, and the drain time of 10,000 queued
             notifications with the limits on (notifier-benchmark; self-contained: scratch database and vhost with
             the test credentials, its own sandbox and notifier on free ports, no ./zg up needed; BENCH_PHASES=off,on,
             BENCH_OFF_MESSAGES=20000, BENCH_OFF_CHATS=1000, BENCH_OFF_WORKERS=4, BENCH_OFF_BATCH=10,
             BENCH_ON_MESSAGES=10000, BENCH_ON_CHATS=500)
EOT
}

zg_bench_build() { # PRODUCT
    local log="$ZG_LOG_DIR/build-$1.log"
    zg_info "building $1 (release; log: ${log#"$ZG_ROOT"/})"
    swift build -c release --product "$1" >"$log" 2>&1 || { tail -n 30 "$log" >&2; zg_die "building $1 failed"; }
}

# zg_bench_pgbench SECONDS — pgbench simple-update (-N) on a scratch database, as the postgres superuser over
# the Unix socket (peer authentication).
zg_bench_pgbench() {
    local seconds=$1 output
    cd / || return 1
    runuser -u postgres -- dropdb --if-exists -p "$ZG_PG_PORT" zhilyego_pgbench >/dev/null 2>&1 || true
    runuser -u postgres -- createdb -p "$ZG_PG_PORT" zhilyego_pgbench || { zg_error "pgbench: createdb failed"; return 1; }
    runuser -u postgres -- pgbench -p "$ZG_PG_PORT" -i -q -s 10 zhilyego_pgbench >/dev/null 2>&1 \
        || { zg_error "pgbench -i failed"; return 1; }
    output=$(runuser -u postgres -- pgbench -p "$ZG_PG_PORT" -N -c 8 -j 2 -T "$seconds" zhilyego_pgbench 2>&1) \
        || { zg_error "pgbench failed: $output"; return 1; }
    printf '%s\n' "$output" | grep -E 'tps|latency average|number of transactions actually' | sed 's/^/  pgbench -N: /' || true
    runuser -u postgres -- dropdb --if-exists -p "$ZG_PG_PORT" zhilyego_pgbench >/dev/null 2>&1 || true
    cd "$ZG_ROOT" || return 1
}

# zg_bench_bookings_cleanup [SECONDS] — every benchmark booking queues a guest and a realtor notification for
# chats that do not exist; left alone they clog the notifier's queue for minutes. Until the notifier has consumed
# its backlog of events (at most SECONDS, default 300), deletes the still-queued notifications of the benchmark's
# bookings — those of its guests, ids 5,000,000…5,999,999 (booking-benchmark's range) — as the postgres
# superuser over the Unix socket. Rows already being sent are left alone.
zg_bench_bookings_cleanup() {
    local seconds=${1:-300} deadline deleted total=0 backlog
    deadline=$((SECONDS + seconds))
    cd / || return 1
    while :; do
        deleted=$(runuser -u postgres -- psql -p "$ZG_PG_PORT" -d "$ZG_DATABASE" -qtAX -v ON_ERROR_STOP=1 -c "
            WITH gone AS (
                DELETE FROM notifier.notifications
                WHERE status = 'queued' AND booking_id IN (
                    SELECT id FROM booking.stays WHERE kind = 'booking' AND guest_id BETWEEN 5000000 AND 5999999)
                RETURNING 1)
            SELECT count(*) FROM gone" 2>&1) || { zg_error "cleaning up the benchmark's notifications failed: $deleted"; break; }
        total=$((total + deleted))
        backlog=$(rabbitmqctl -q list_queues -p "$ZG_AMQP_VHOST" name messages 2>/dev/null \
            | awk '$1 == "notifier.events" { print $2 }') || backlog=0
        [[ "${backlog:-0}" == 0 ]] && break
        ((SECONDS < deadline)) || { zg_info "notifier still has $backlog events queued; stopped cleaning up"; break; }
        sleep 2
    done
    zg_info "deleted $total queued notifications of benchmark bookings (guest ids 5,000,000…5,999,999)"
    cd "$ZG_ROOT" || return 1
}

# zg_bench_bookings_first_day — the first stay day (days from today, UTC+5) after every booking earlier runs left
# (guest ids 5,000,000…5,999,999), at least 400: a run starting inside them gets `unavailable` holds.
zg_bench_bookings_first_day() {
    (cd / && runuser -u postgres -- psql -p "$ZG_PG_PORT" -d "$ZG_DATABASE" -qtAX -v ON_ERROR_STOP=1 -c "
        SELECT GREATEST(400, COALESCE(max((upper(period) AT TIME ZONE 'UTC' + interval '5 hours')::date)
                                      - (now() AT TIME ZONE 'UTC' + interval '5 hours')::date + 1, 0))
        FROM booking.stays WHERE kind = 'booking' AND guest_id BETWEEN 5000000 AND 5999999" 2>/dev/null)
}

# What each confirmed booking costs the machine, to compare with `pgbench -N` and the broker's raw rate: CPU by
# process, committed transactions, broker messages and context switches. zg_bench_cost_snapshot NAME fills the
# associative array NAME; zg_bench_cost_report BEFORE AFTER BOOKINGS prints the differences per booking.
# CPU and context switches are read when the run ends; committed transactions (PostgreSQL reports an idle
# backend's counters up to 10 s late) and broker messages (the management API samples every 5 s) 11 s later, so
# those two include the tail of work the bookings caused after their last confirmation (outbox, notifications).
zg_bench_cpu_ticks() { # PID… — utime + stime of these processes, in clock ticks
    local pid total=0 fields
    for pid in "$@"; do
        fields=$(cut -d')' -f2- "/proc/$pid/stat" 2>/dev/null) || continue
        # After "(comm)": field 3 is state, so utime (14) and stime (15) are the 12th and 13th words.
        total=$((total + $(awk '{ print $12 + $13 }' <<<"$fields")))
    done
    echo "$total"
}

zg_bench_cost_snapshot() { # NAME PHASE — PHASE cpu: CPU and context switches; PHASE counters: commits and messages
    local -n snapshot=$1
    local phase=$2 service pid stats password user nice system irq softirq
    if [[ "$phase" == cpu ]]; then
        # Busy time of all cores: user, nice, system, irq, softirq (not idle, iowait, or steal by the hypervisor).
        read -r _ user nice system _ _ irq softirq _ < /proc/stat
        snapshot[machine]=$((user + nice + system + irq + softirq))
        snapshot[ctxt]=$(awk '$1 == "ctxt" { print $2 }' /proc/stat)
        # shellcheck disable=SC2046 # one pid per word
        snapshot[postgres]=$(zg_bench_cpu_ticks $(pgrep -x postgres))
        # shellcheck disable=SC2046
        snapshot[rabbitmq]=$(zg_bench_cpu_ticks $(pgrep -x beam.smp))
        for service in "${ZG_SERVICES[@]}" kaspi-sandbox telegram-sandbox; do
            pid=$(zg_service_pid "$service") && snapshot[$service]=$(zg_bench_cpu_ticks "$pid") || snapshot[$service]=0
        done
        return 0
    fi
    snapshot[commits]=$(cd / && runuser -u postgres -- psql -p "$ZG_PG_PORT" -d "$ZG_DATABASE" -qtAX -c \
        "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()" 2>/dev/null) || snapshot[commits]=
    # The whole broker as the service user sees it (its vhost); the per-vhost endpoint has no message_stats on 3.10.
    # The credentials go to curl on its standard input (a config line, quoted), not on its command line.
    password=${AMQP_PASSWORD//\\/\\\\}
    password=${password//\"/\\\"}
    stats=$(printf 'user = "%s:%s"\n' "$ZG_AMQP_USER" "$password" | curl -s -K - \
        "http://127.0.0.1:$ZG_RABBITMQ_MANAGEMENT_PORT/api/overview" 2>/dev/null \
        | python3 -c 'import json, sys
s = json.load(sys.stdin).get("message_stats", {})
print(s.get("publish", 0), s.get("deliver_get", 0))' 2>/dev/null) || stats=
    snapshot[published]=${stats% *}
    snapshot[delivered]=${stats#* }
}

zg_bench_cost_report() { # BEFORE AFTER BOOKINGS
    local -n before=$1 after=$2
    local bookings=$3 ticks service line=""
    ((bookings > 0)) || return 0
    ticks=$(getconf CLK_TCK)
    per_booking_ms() { awk -v d="$1" -v t="$ticks" -v n="$bookings" 'BEGIN { printf "%.2f", d * 1000 / t / n }'; }
    # How much counter KEY grew per booking, printed with FORMAT: per_booking FORMAT KEY.
    per_booking() { awk -v d=$((after[$2] - before[$2])) -v n="$bookings" -v f="$1" 'BEGIN { printf f, d / n }'; }
    local machine=$((after[machine] - before[machine])) rest
    rest=$machine
    for service in postgres rabbitmq "${ZG_SERVICES[@]}" kaspi-sandbox telegram-sandbox; do
        line+=" $service $(per_booking_ms $((after[$service] - before[$service])))"
        rest=$((rest - (after[$service] - before[$service])))
    done
    zg_info "cost per confirmed booking ($bookings):"
    printf '  CPU (whole machine): %s ms, so %s cores top out at %s bookings/s; context switches: %s\n' \
        "$(per_booking_ms "$machine")" "$(nproc)" \
        "$(awk -v d="$machine" -v t="$ticks" -v n="$bookings" -v c="$(nproc)" 'BEGIN { if (d > 0) printf "%.0f", c * t * n / d }')" \
        "$(per_booking %.0f ctxt)"
    printf '  CPU by process, ms:%s; the load generator, kernel and the rest %s\n' "$line" "$(per_booking_ms "$rest")"
    if [[ -n "${before[commits]}" && -n "${after[commits]}" ]]; then
        printf '  PostgreSQL committed transactions: %s\n' "$(per_booking %.1f commits)"
    fi
    if [[ -n "${before[published]}" && -n "${after[published]}" ]]; then
        printf '  RabbitMQ messages published: %s, delivered: %s\n' "$(per_booking %.1f published)" \
            "$(per_booking %.1f delivered)"
    fi
}

zg_bench() {
    local name=${1:-}
    (($# > 0)) && shift
    local assignment rc=0
    for assignment in "$@"; do
        [[ "$assignment" =~ ^BENCH_[A-Z_]+=.*$ ]] || zg_die "expected BENCH_NAME=value, got: $assignment"
        export "${assignment?}"
    done
    cd "$ZG_ROOT" || exit 1
    mkdir -p "$ZG_LOG_DIR"
    case "$name" in
        bookings)
            zg_env_load "$ZG_ENV_FILE"
            zg_service_pid payments >/dev/null || zg_die "the system is not running: ./zg up first"
            zg_bench_build booking-benchmark
            if [[ "${BENCH_PGBENCH:-1}" != 0 ]]; then
                zg_info "pgbench -N for ${BENCH_PGBENCH_SECONDS:-15} s (the database's own ceiling on this machine)"
                zg_bench_pgbench "${BENCH_PGBENCH_SECONDS:-15}"
            fi
            if [[ -z "${BENCH_FIRST_DAY:-}" ]]; then
                BENCH_FIRST_DAY=$(zg_bench_bookings_first_day) || BENCH_FIRST_DAY=
                [[ -z "$BENCH_FIRST_DAY" ]] || export BENCH_FIRST_DAY
            fi
            local -A cost_before=() cost_after=()
            local output confirmed
            zg_bench_cost_snapshot cost_before counters
            zg_bench_cost_snapshot cost_before cpu
            output=$(BENCH_AMQP_URL="$(zg_amqp_url)" \
                BENCH_PAYMENTS_URL="${BENCH_PAYMENTS_URL:-http://127.0.0.1:$ZG_PAYMENTS_KASPI_PORT}" \
                BENCH_SOURCE_ADDRESS="${BENCH_SOURCE_ADDRESS:-127.0.0.2}" \
                "$ZG_ROOT/.build/release/booking-benchmark") || rc=$?
            zg_bench_cost_snapshot cost_after cpu
            printf '%s\n' "$output"
            sleep 11
            zg_bench_cost_snapshot cost_after counters
            confirmed=$(sed -n 's/.*: \([0-9]*\) confirmed end to end.*/\1/p' <<<"$output" | head -n 1)
            zg_bench_cost_report cost_before cost_after "${confirmed:-0}"
            [[ "${BENCH_CLEANUP:-1}" == 0 ]] || zg_bench_bookings_cleanup "${BENCH_CLEANUP_SECONDS:-300}"
            return "$rc"
            ;;
        bot)
            zg_service_pid gateway >/dev/null || zg_die "the system is not running: ./zg up first"
            zg_bench_build bot-benchmark
            BENCH_SANDBOX_URL="${BENCH_SANDBOX_URL:-http://127.0.0.1:$(zg_service_port telegram-sandbox)}" \
                "$ZG_ROOT/.build/release/bot-benchmark"
            ;;
        bus)
            [[ -f "$ZG_ROOT/.run/test.env" ]] || zg_die "run ./zg test once first (it creates the test broker user)"
            zg_bench_build bus-benchmark
            (set -a; . "$ZG_ROOT/.run/test.env"; set +a; "$ZG_ROOT/.build/release/bus-benchmark")
            ;;
        notifier)
            [[ -f "$ZG_ROOT/.run/test.env" ]] || zg_die "run ./zg test once first (it creates the test database and broker users)"
            zg_bench_build notifier
            zg_bench_build telegram-sandbox
            zg_bench_build notifier-benchmark
            (set -a; . "$ZG_ROOT/.run/test.env"; set +a
             BENCH_PRODUCTS_DIR="${BENCH_PRODUCTS_DIR:-$ZG_ROOT/.build/release}" \
                 BENCH_LOG_DIR="${BENCH_LOG_DIR:-$ZG_LOG_DIR/notifier-benchmark}" \
                 "$ZG_ROOT/.build/release/notifier-benchmark")
            ;;
        '' | help | -h | --help) zg_bench_usage ;;
        *) zg_bench_usage >&2; exit 2 ;;
    esac
}
