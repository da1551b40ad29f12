# shellcheck shell=bash
# RabbitMQ 3.10 on loopback with the management plugin: configure, start, wait, users, stop.
# Sourced, never executed; needs common.sh.

ZG_RABBITMQ_CONF=/etc/rabbitmq/rabbitmq.conf
ZG_RABBITMQ_ENV_CONF=/etc/rabbitmq/rabbitmq-env.conf

# zg_rmq_configure — writes the loopback-only configuration (read by the node when it starts).
zg_rmq_configure() {
    mkdir -p /etc/rabbitmq
    cat >"$ZG_RABBITMQ_CONF" <<EOC
# Written by zg: ZhilyeGO's broker listens on loopback only.
listeners.tcp.default = $ZG_AMQP_HOST:$ZG_AMQP_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $ZG_RABBITMQ_MANAGEMENT_PORT
EOC
    cat >"$ZG_RABBITMQ_ENV_CONF" <<EOC
# Written by zg: the node and epmd listen on loopback only.
NODE_IP_ADDRESS=127.0.0.1
ERL_EPMD_ADDRESS=127.0.0.1
EOC
    chmod 644 "$ZG_RABBITMQ_CONF" "$ZG_RABBITMQ_ENV_CONF"
}

# zg_rmq_node_registered — whether a node named rabbit is registered with epmd (the node process runs).
zg_rmq_node_registered() {
    epmd -names 2>/dev/null | grep -Eq '^name rabbit at port'
}

# zg_rmq_app_running — whether the rabbit application on the node is up (not booting, not stop_app'ed).
zg_rmq_app_running() {
    rabbitmq-diagnostics -q check_running >/dev/null 2>&1
}

# zg_rmq_await [SECONDS] — retries `rabbitmqctl await_startup` (which fails at once until the node is
# registered with epmd) until the broker has booted.
zg_rmq_await() {
    local deadline=$((SECONDS + ${1:-90})) out
    out=$(mktemp)
    # Output to a file, not $(…): should the CLI start epmd, the daemon must not hold a pipe we read to its end.
    until (zg_exec_detached rabbitmqctl await_startup --timeout 10) >"$out" 2>&1; do
        ((SECONDS < deadline)) || {
            zg_error "RabbitMQ did not start: $(cat "$out")"
            tail -n 20 /var/log/rabbitmq/rabbit@"$(hostname -s)".log >&2 2>/dev/null || true
            rm -f "$out"
            return 1
        }
        sleep 1
    done
    rm -f "$out"
}

# zg_rmq_start — starts the node unless one runs; restarts the application if it was stopped with stop_app;
# makes sure the management plugin is on (online when the node was started without it).
zg_rmq_start() {
    if zg_rmq_node_registered; then
        if zg_rmq_app_running; then
            zg_info "RabbitMQ is already running"
        else
            # Either still booting or stopped with `rabbitmqctl stop_app`: waiting tells which.
            if ! (zg_exec_detached rabbitmqctl await_startup --timeout 10) >/dev/null 2>&1; then
                zg_info "starting the RabbitMQ application (the node runs, the app was stopped)"
                zg_run_detached rabbitmqctl start_app >/dev/null || zg_die "rabbitmqctl start_app failed"
            fi
            zg_rmq_await 90 || zg_die "RabbitMQ did not become ready"
        fi
        zg_rmq_ensure_management_online
    else
        zg_rmq_configure
        zg_run_detached rabbitmq-plugins enable --offline rabbitmq_management >/dev/null ||
            zg_die "rabbitmq-plugins enable --offline rabbitmq_management failed"
        zg_info "starting RabbitMQ"
        zg_run_detached rabbitmq-server -detached || zg_die "rabbitmq-server -detached failed"
        zg_rmq_await 90 || zg_die "RabbitMQ did not become ready"
    fi
    zg_rmq_wait_management 60 || zg_die "the RabbitMQ management API does not answer on 127.0.0.1:$ZG_RABBITMQ_MANAGEMENT_PORT"
}

# zg_rmq_ensure_management_online — enables the management plugin on a running node that lacks it.
zg_rmq_ensure_management_online() {
    if ! rabbitmq-plugins list -q -e -m 2>/dev/null | grep -qx rabbitmq_management; then
        zg_info "enabling the RabbitMQ management plugin on the running node"
        rabbitmq-plugins enable rabbitmq_management >/dev/null ||
            zg_die "rabbitmq-plugins enable rabbitmq_management failed"
    fi
}

# zg_rmq_wait_management [SECONDS] — waits until the management HTTP API answers.
zg_rmq_wait_management() {
    local deadline=$((SECONDS + ${1:-60}))
    until curl -s -o /dev/null "http://127.0.0.1:$ZG_RABBITMQ_MANAGEMENT_PORT/api/overview"; do
        ((SECONDS < deadline)) || return 1
        sleep 1
    done
}

# zg_rmq_stop — stops the node and epmd if they run.
zg_rmq_stop() {
    if zg_rmq_node_registered; then
        zg_info "stopping RabbitMQ"
        rabbitmqctl shutdown >/dev/null || zg_warn "rabbitmqctl shutdown failed"
    else
        zg_info "RabbitMQ is not running"
    fi
    # epmd refuses to stop while a node is registered; then it is someone else's and stays.
    if epmd -names >/dev/null 2>&1; then
        epmd -kill >/dev/null 2>&1 || zg_warn "epmd keeps running: $(epmd -names 2>&1 | tail -n +2 | tr '\n' ' ')"
    fi
}

# zg_rmq_user_exists USER / zg_rmq_vhost_exists VHOST — whether the broker has it.
zg_rmq_user_exists() { rabbitmqctl -q list_users | awk '{ print $1 }' | grep -qx -- "$1"; }
zg_rmq_vhost_exists() { rabbitmqctl -q list_vhosts | grep -qx -- "$1"; }

# zg_rmq_ensure_user USER PASSWORD [TAG] — creates the user or resets its password; sets its tags.
# The password goes through stdin, never on a command line.
zg_rmq_ensure_user() {
    local user=$1 password=$2 tag=${3:-}
    if zg_rmq_user_exists "$user"; then
        printf '%s\n' "$password" | rabbitmqctl -q change_password "$user" >/dev/null ||
            zg_die "rabbitmqctl change_password $user failed"
    else
        printf '%s\n' "$password" | rabbitmqctl -q add_user "$user" >/dev/null ||
            zg_die "rabbitmqctl add_user $user failed"
    fi
    # shellcheck disable=SC2086 # no tag clears the tags
    rabbitmqctl -q set_user_tags "$user" $tag >/dev/null || zg_die "rabbitmqctl set_user_tags $user failed"
}

# zg_rmq_ensure_vhost VHOST — creates the virtual host unless it exists.
zg_rmq_ensure_vhost() {
    if ! zg_rmq_vhost_exists "$1"; then
        rabbitmqctl -q add_vhost "$1" >/dev/null || zg_die "rabbitmqctl add_vhost $1 failed"
    fi
}

# zg_rmq_grant_all USER VHOST — configure/write/read permissions on everything in VHOST.
zg_rmq_grant_all() {
    rabbitmqctl -q set_permissions -p "$2" "$1" '.*' '.*' '.*' >/dev/null ||
        zg_die "rabbitmqctl set_permissions -p $2 $1 failed"
}
