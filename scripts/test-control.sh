#!/usr/bin/env bash
# Lets Disruptive test suites take the shared servers down and bring them back ($ZG_TEST_CONTROL):
#   test-control.sh broker stop        stop the RabbitMQ application (the node stays up)
#   test-control.sh broker start       start it again and wait until it accepts connections
#   test-control.sh database restart   fast restart of PostgreSQL 15/main, wait until it accepts connections
set -euo pipefail

lib="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib"
# shellcheck source=lib/common.sh
. "$lib/common.sh"
# shellcheck source=lib/postgres.sh
. "$lib/postgres.sh"
# shellcheck source=lib/rabbitmq.sh
. "$lib/rabbitmq.sh"

usage() {
    echo "usage: $0 broker stop|start | database restart" >&2
    exit 2
}

(($# == 2)) || usage
case "$1 $2" in
    "broker stop")
        rabbitmqctl -q stop_app >/dev/null || zg_die "rabbitmqctl stop_app failed"
        ;;
    "broker start")
        zg_run_detached rabbitmqctl -q start_app >/dev/null || zg_die "rabbitmqctl start_app failed"
        zg_rmq_await 90 || zg_die "RabbitMQ did not come back"
        ;;
    "database restart")
        zg_pg_restart || zg_die "PostgreSQL did not come back"
        ;;
    *) usage ;;
esac
