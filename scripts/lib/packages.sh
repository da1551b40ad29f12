# shellcheck shell=bash
# Installs the Debian packages the project needs (servers, C libraries, tools). Sourced, never executed.

# Everything `zg up` and `zg test` need on a fresh Debian 12 machine. The Swift toolchain is not a Debian
# package: it is expected on PATH or in /opt/swift.
ZG_PACKAGES=(
    postgresql-15 postgresql-contrib # the database server (cluster 15/main) and its extensions
    rabbitmq-server                  # the message broker (Erlang comes with it)
    librabbitmq-dev libpq-dev libcurl4-openssl-dev libssl-dev libcairo2-dev pkg-config # C libraries we link
    curl openssl ca-certificates     # health checks, secrets, HTTPS
    docker-compose                   # only to validate docker-compose.yml in the tests
)

# zg_missing_packages — prints the packages of ZG_PACKAGES that are not installed, one a line.
zg_missing_packages() {
    local pkg status
    for pkg in "${ZG_PACKAGES[@]}"; do
        status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
        [[ "$status" == installed ]] || echo "$pkg"
    done
}

# zg_ensure_packages — installs what is missing; runs `apt-get update` once, and only when something is.
zg_ensure_packages() {
    local missing
    mapfile -t missing < <(zg_missing_packages)
    if ((${#missing[@]} == 0)); then
        return 0
    fi
    zg_info "installing missing packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    (zg_exec_detached apt-get update -q) || zg_die "apt-get update failed"
    # Detached: a package's post-install script may start its server, which must not inherit our descriptors.
    (zg_exec_detached apt-get install -y -q --no-install-recommends "${missing[@]}") ||
        zg_die "apt-get install failed for: ${missing[*]}"
}
