# shellcheck shell=bash
# ./laoxiao cluster up|down|status — the multi-host deployment, on this one machine.
#
# Sourced by ./laoxiao (its functions: say, die, alive, stop_pid, supervise, migrate, ...). What it makes:
#   a bridge (CLUSTER_BRIDGE) with the address .1 of CLUSTER_NET in the root namespace, where nginx runs;
#   three network namespaces with a MariaDB Galera node each (.11, .12, .13, port 3306, Galera 4567);
#   two network namespaces with a responder host each (.21, .22): both responders, public on 9000 and
#   staff on 9001, listening on the namespace's bridge address only.
# Nothing else: no default route, no NAT, no address outside CLUSTER_NET. Everything the nodes and
# responders write lives under var/cluster/; `down` removes it all.

CLUSTER_NET=${LAOXIAO_CLUSTER_NET:-10.231.14}
CLUSTER_BRIDGE=lxcbr0
CLUSTER_NODES=(1 2 3)
CLUSTER_HOSTS=(1 2)
CLUSTER_PUBLIC_PORT=9000
CLUSTER_STAFF_PORT=9001
# Threads of each responder on a responder host (LAOXIAO_CLUSTER_THREADS). A clustered write spends
# most of its time waiting (the other nodes' certification, a lost one's back-off and second run), not
# on a core, so a host needs more threads than one server's 8: with 8, fifty enrolments for one class
# at once answered 503 in two runs of the cluster stage, and in one found a node that committed none
# of them (a thread beaten twice moves to node 1, and few were left on the others).
CLUSTER_THREADS=${LAOXIAO_CLUSTER_THREADS:-40}
CLUSTER_DB_PORT=3306

cluster_ns_db()   { echo "lxc-db$1"; }
cluster_ns_host() { echo "lxc-app$1"; }
cluster_db_addr()   { echo "$CLUSTER_NET.1$1"; }
cluster_host_addr() { echo "$CLUSTER_NET.2$1"; }
cluster_gateway()   { echo "$CLUSTER_NET.1"; }

cluster_need_root() {
    is_root || die "cluster: needs root (network namespaces and a bridge); run it as root"
}

cluster_paths() {
    mkdir -p "$ROOT/var/cluster"
    set_instance "$ROOT/var/cluster"
    make_instance_dirs
}

# Node N's files: var/cluster/dbN/ (data/, tmp/, error.log, mariadb.pid) and its socket, all owned by
# the mysql account the node runs as (the state transfer's rsync daemon would run as nobody for root).
CLUSTER_DB_USER=mysql
cluster_node_dir()    { echo "$VAR/db$1"; }
cluster_node_sock()   { echo "$SOCKDIR/db$1/mysql.sock"; }
cluster_node_pid()    { echo "$VAR/db$1/mariadb.pid"; }
cluster_node_log()    { echo "$VAR/db$1/error.log"; }

# The socket-authenticated administrator's client on node N (root namespace, unix socket).
cluster_sql() {
    local n=$1
    shift
    mariadb --no-defaults --default-character-set=utf8mb4 --user="$ME" \
        --socket="$(cluster_node_sock "$n")" --connect-timeout=3 "$@"
}

# cluster_hosts_list: LAOXIAO_DB_HOSTS for the responders, starting with node first.
cluster_hosts_list() {
    local first=$1 n list="" i
    for (( i = 0; i < ${#CLUSTER_NODES[@]}; i++ )); do
        n=${CLUSTER_NODES[$(( (first - 1 + i) % ${#CLUSTER_NODES[@]} ))]}
        list+="${list:+,}$(cluster_db_addr "$n"):$CLUSTER_DB_PORT"
    done
    echo "$list"
}

# ---------------------------------------------------------------------------------------------------
# Network: one bridge, one namespace and veth pair per machine
# ---------------------------------------------------------------------------------------------------

cluster_net_up() {
    local n
    if ! ip link show "$CLUSTER_BRIDGE" >/dev/null 2>&1; then
        ip link add "$CLUSTER_BRIDGE" type bridge || die "cluster: cannot create bridge $CLUSTER_BRIDGE"
    fi
    ip addr replace "$(cluster_gateway)/24" dev "$CLUSTER_BRIDGE"
    ip link set "$CLUSTER_BRIDGE" up
    for n in "${CLUSTER_NODES[@]}"; do
        cluster_ns_add "$(cluster_ns_db "$n")" "$(cluster_db_addr "$n")" "lxcd$n"
    done
    for n in "${CLUSTER_HOSTS[@]}"; do
        cluster_ns_add "$(cluster_ns_host "$n")" "$(cluster_host_addr "$n")" "lxca$n"
    done
}

# cluster_ns_add NS ADDRESS VETH: the namespace with lo and eth0 (ADDRESS/24), its peer on the bridge.
cluster_ns_add() {
    local ns=$1 addr=$2 veth=$3
    if ! ip netns list | grep -qw -- "$ns"; then
        ip netns add "$ns" || die "cluster: cannot create network namespace $ns"
    fi
    if ! ip link show "$veth" >/dev/null 2>&1; then
        ip link add "$veth" type veth peer name eth0 netns "$ns" \
            || die "cluster: cannot create veth $veth for $ns"
    fi
    ip link set "$veth" master "$CLUSTER_BRIDGE" up
    ip -n "$ns" link set lo up
    ip -n "$ns" addr replace "$addr/24" dev eth0
    ip -n "$ns" link set eth0 up
}

cluster_net_down() {
    local n ns
    for n in "${CLUSTER_NODES[@]}"; do
        ns=$(cluster_ns_db "$n")
        ip netns list | grep -qw -- "$ns" && ip netns delete "$ns"
        ip link show "lxcd$n" >/dev/null 2>&1 && ip link delete "lxcd$n"
    done
    for n in "${CLUSTER_HOSTS[@]}"; do
        ns=$(cluster_ns_host "$n")
        ip netns list | grep -qw -- "$ns" && ip netns delete "$ns"
        ip link show "lxca$n" >/dev/null 2>&1 && ip link delete "lxca$n"
    done
    if ip link show "$CLUSTER_BRIDGE" >/dev/null 2>&1; then
        ip link delete "$CLUSTER_BRIDGE"
    fi
    return 0
}

# ---------------------------------------------------------------------------------------------------
# Galera nodes
# ---------------------------------------------------------------------------------------------------

cluster_node_conf() {
    local n=$1 dir addr peers="" m threads=$CLUSTER_THREADS
    dir=$(cluster_node_dir "$n")
    addr=$(cluster_db_addr "$n")
    for m in "${CLUSTER_NODES[@]}"; do
        peers+="${peers:+,}$(cluster_db_addr "$m")"
    done
    # Two hosts' responders (two programs each), each thread with one connection, may all land on
    # one node when the others are down.
    local max_conn=$(( 4 * threads + 60 ))
    cat >"$dir.cnf" <<EOF
# Galera node $n of the laoxiao cluster (written by ./laoxiao cluster up).
[mysqld]
datadir=$dir/data
socket=$(cluster_node_sock "$n")
pid-file=$(cluster_node_pid "$n")
log-error=$(cluster_node_log "$n")
tmpdir=$dir/tmp
user=$CLUSTER_DB_USER
bind-address=$addr
port=$CLUSTER_DB_PORT
skip-name-resolve
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
default-time-zone=+08:00
max-connections=$max_conn
innodb-buffer-pool-size=128M
default-storage-engine=InnoDB
binlog-format=ROW
innodb-autoinc-lock-mode=2
wsrep-on=ON
wsrep-provider=/usr/lib/galera/libgalera_smm.so
wsrep-cluster-name=laoxiao
wsrep-cluster-address=gcomm://$peers
wsrep-node-address=$addr
wsrep-node-name=db$n
wsrep-sst-method=rsync
# A joining node copies node 1, which loaded the schema itself, whenever node 1 is there.
wsrep-sst-donor=db1,
# A node that dies is noticed within ~2 s (defaults: 5 s, 15 s): until then commits, and reads that
# wait for the cluster (wsrep_sync_wait), stall; the responders give up on a statement after 5 s.
wsrep-provider-options=gcache.size=256M;evs.keepalive_period=PT0.5S;evs.inactive_check_period=PT0.5S;evs.suspect_timeout=PT2S;evs.inactive_timeout=PT4S;evs.install_timeout=PT4S
# An autocommit statement that loses certification is run again by the node itself.
wsrep-retry-autocommit=4
EOF
}

# cluster_node_start N [--wsrep-new-cluster]
cluster_node_start() {
    local n=$1 dir ns tenths pid
    shift
    dir=$(cluster_node_dir "$n")
    ns=$(cluster_ns_db "$n")
    if pidfile_alive "$(cluster_node_pid "$n")" >/dev/null; then
        say "cluster: node $n is already running"
        return 0
    fi
    mkdir -p "$dir/data" "$dir/tmp" "${SOCKDIR}/db$n"
    chown "$CLUSTER_DB_USER:" "$dir" "$dir/data" "$dir/tmp" "${SOCKDIR}/db$n"
    chmod 0700 "$dir"
    cluster_node_conf "$n"
    if [[ $n == 1 && ! -d $dir/data/mysql ]]; then
        mariadb-install-db --defaults-file="$dir.cnf" --auth-root-authentication-method=socket \
            --auth-root-socket-user="$ME" --skip-test-db >"$LOG/db$n-install.log" 2>&1 \
            || { tail -n 20 "$LOG/db$n-install.log" >&2; die "cluster: mariadb-install-db failed for node $n"; }
    fi
    rm -f "$(cluster_node_sock "$n")"
    ip netns exec "$ns" setsid mariadbd --defaults-file="$dir.cnf" "$@" \
        </dev/null >>"$LOG/db$n.out" 2>&1 &
    pid=$!
    # The node joins (and may receive a full copy, SST) before it answers: allow two minutes. Ready
    # is not enough: a node that has just received its copy is ready while still applying what the
    # others committed meanwhile, and until it has caught up (Synced) its queue can hold up every
    # commit in the cluster (flow control); so wait for both.
    for (( tenths = 0; tenths < 1200; tenths++ )); do
        if [[ $(cluster_sql "$n" -N -B -e "SELECT GROUP_CONCAT(VARIABLE_VALUE ORDER BY VARIABLE_NAME)
                FROM information_schema.GLOBAL_STATUS
                WHERE VARIABLE_NAME IN ('WSREP_READY', 'WSREP_LOCAL_STATE_COMMENT')" 2>/dev/null) == Synced,ON ]]; then
            say "cluster: node $n ready ($(cluster_db_addr "$n"))"
            return 0
        fi
        if ! alive "$pid"; then
            tail -n 30 "$(cluster_node_log "$n")" >&2
            die "cluster: node $n exited during start-up (log: $(cluster_node_log "$n"))"
        fi
        sleep 0.1
    done
    tail -n 30 "$(cluster_node_log "$n")" >&2
    die "cluster: node $n was not ready within 120 s (log: $(cluster_node_log "$n"))"
}

# cluster_schema_digest N: a digest of node N's procedures and triggers, as the server reads them.
cluster_schema_digest() {
    cluster_sql "$1" -N -B -e "SELECT MD5(CONCAT_WS('|',
        (SELECT GROUP_CONCAT(ROUTINE_NAME, ROUTINE_DEFINITION ORDER BY ROUTINE_NAME SEPARATOR '|')
           FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = 'laoxiao'),
        (SELECT GROUP_CONCAT(TRIGGER_NAME, ACTION_STATEMENT ORDER BY TRIGGER_NAME SEPARATOR '|')
           FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = 'laoxiao')))" 2>/dev/null
}

# cluster_node_same_schema N: node N, just joined, reads the same procedures and triggers as node 1;
# otherwise its copy is made again from scratch, once. A copy that lost a stored procedure or a
# trigger's text (seen once here) would fail every write to the tables behind them on that node.
cluster_node_same_schema() {
    local n=$1 want
    want=$(cluster_schema_digest 1)
    [[ -n $want ]] || die "cluster: could not read node 1's procedures and triggers"
    [[ $(cluster_schema_digest "$n") == "$want" ]] && return 0
    say "cluster: node $n's procedures or triggers differ from node 1's: copying it again"
    cluster_node_stop "$n"
    rm -rf "$(cluster_node_dir "$n")/data"
    cluster_node_start "$n"
    [[ $(cluster_schema_digest "$n") == "$want" ]] \
        || die "cluster: node $n's procedures or triggers still differ from node 1's"
}

cluster_node_stop() {
    stop_pidfile "$(cluster_node_pid "$1")" "mariadbd (node $1)" 60
}

cluster_node_kill() {
    local pid
    if pid=$(pidfile_alive "$(cluster_node_pid "$1")"); then
        kill -KILL "$pid"
        say "cluster: node $1 (pid $pid) killed"
    else
        say "cluster: node $1 is not running"
    fi
}

# The application's database and account, created once on node 1 and replicated. The account may
# connect from the bridge's addresses (the responder hosts) and, for the tools, from localhost.
cluster_db_setup() {
    local password
    password=$(<"$DB_PASSWORD_FILE")
    [[ $password =~ ^[A-Za-z0-9]+$ ]] || die "unexpected characters in $DB_PASSWORD_FILE"
    cluster_sql 1 <<SQL || die "cluster: could not set up database $DB_NAME"
CREATE DATABASE IF NOT EXISTS \`$DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$DB_APP_USER'@'localhost' IDENTIFIED BY '$password';
CREATE USER IF NOT EXISTS '$DB_APP_USER'@'$CLUSTER_NET.%' IDENTIFIED BY '$password';
GRANT SELECT, INSERT, UPDATE, DELETE ON \`$DB_NAME\`.* TO '$DB_APP_USER'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON \`$DB_NAME\`.* TO '$DB_APP_USER'@'$CLUSTER_NET.%';
SQL
}

# ---------------------------------------------------------------------------------------------------
# Responder hosts and nginx
# ---------------------------------------------------------------------------------------------------

cluster_host_start() {
    local h=$1 ns addr p port bin tenths
    ns=$(cluster_ns_host "$h")
    addr=$(cluster_host_addr "$h")
    for p in "${RESPONDERS[@]}"; do
        port=$CLUSTER_PUBLIC_PORT
        [[ $p == staff ]] && port=$CLUSTER_STAFF_PORT
        bin=$BIN_DIR/laoxiao-$p
        [[ -x $bin ]] || die "cluster: $bin is not built"
        if pidfile_alive "$RUN/app$h-$p-supervisor.pid" >/dev/null; then
            continue
        fi
        # The same list on every host (its first node is where conflicting transactions go, db.c);
        # thread i starts at entry i. FCGI_WEB_SERVER_ADDRS: only nginx may talk.
        (
            export LAOXIAO_DB_HOSTS FCGI_WEB_SERVER_ADDRS MALLOC_ARENA_MAX LAOXIAO_THREADS
            LAOXIAO_THREADS=$CLUSTER_THREADS
            LAOXIAO_DB_HOSTS=$(cluster_hosts_list 1)
            FCGI_WEB_SERVER_ADDRS=$(cluster_gateway)
            MALLOC_ARENA_MAX=${LAOXIAO_MALLOC_ARENAS:-2}
            supervise "app$h-$p" ip netns exec "$ns" "$bin" --listen "$addr:$port"
        ) </dev/null >>"$LOG/app$h-$p.log" 2>&1 &
        printf '%s\n' "$!" >"$RUN/app$h-$p-supervisor.pid"
        for (( tenths = 0; tenths < 200; tenths++ )); do
            if ip netns exec "$ns" bash -c "exec 3<>/dev/tcp/$addr/$port" 2>/dev/null; then
                break
            fi
            sleep 0.1
        done
        (( tenths < 200 )) || die "cluster: the $p responder of host $h did not listen on $addr:$port (log: $LOG/app$h-$p.log)"
    done
    say "cluster: responder host $h up ($addr)"
    cluster_nginx_route "$h" up
}

# cluster_nginx_route H down|up: takes host H out of nginx's upstreams (or puts it back) and reloads
# nginx. A host is drained before it stops: nginx may already have sent a form on a kept-alive
# connection that the stopping responder closes, and a sent POST is never passed to the other host.
cluster_nginx_route() {
    local addr pid
    addr=$(cluster_host_addr "$1")
    pid=$(pidfile_alive "$RUN/nginx.pid") || return 0
    if [[ $2 == down ]]; then
        sed -i -e "s|\(server $addr:[0-9]* max_fails=1 fail_timeout=5s\);|\1 down;|" "$VAR/nginx.conf"
    else
        sed -i -e "s|\(server $addr:[0-9]* max_fails=1 fail_timeout=5s\) down;|\1;|" "$VAR/nginx.conf"
    fi
    kill -HUP "$pid"
    # The old workers finish their requests and close their connections.
    sleep 2
}

cluster_host_stop() {
    local h=$1 p pid
    cluster_nginx_route "$h" down
    for p in "${RESPONDERS[@]}"; do
        stop_pidfile "$RUN/app$h-$p-supervisor.pid" "host $h $p supervisor"
        if pid=$(pidfile_alive "$RUN/app$h-$p.pid"); then
            stop_pid "$pid" "laoxiao-$p (host $h)"
        fi
        rm -f "$RUN/app$h-$p.pid"
    done
}

# nginx in the root namespace: the usual configuration, its two upstreams pointing at both hosts, and
# a request passed to the other host only when this one could not be reached (error, timeout): nginx
# never passes a POST on once it was sent (no non_idempotent), so nothing is written twice.
cluster_nginx_start() {
    local pub="" stf="" h tenths
    for h in "${CLUSTER_HOSTS[@]}"; do
        pub+="        server $(cluster_host_addr "$h"):$CLUSTER_PUBLIC_PORT max_fails=1 fail_timeout=5s;\\n"
        stf+="        server $(cluster_host_addr "$h"):$CLUSTER_STAFF_PORT max_fails=1 fail_timeout=5s;\\n"
    done
    render_nginx_conf
    # The cluster's nginx keeps connections to the hosts (keepalive 16 an upstream, fastcgi_keep_conn
    # on), as every run of the cluster stage did before a single host moved to a connection per
    # request: with a connection per request and 40 threads a host, two runs found two enrolments of
    # one class with the same waiting-list place, a race not understood yet (README, "Galera").
    sed -i -e "s|^\\( *\\)server \"unix:.*/public.sock\";|${pub%\\n}|" \
        -e "s|^\\( *\\)server \"unix:.*/staff.sock\";|${stf%\\n}|" \
        -e "s|fastcgi_next_upstream off;|fastcgi_next_upstream error timeout;\\n        fastcgi_next_upstream_tries 2;|" \
        -e "s|fastcgi_keep_conn off;|fastcgi_keep_conn on;|" \
        -e "s#^\\( *\\)upstream \\(public\\|staff\\) {#&\\n\\1    keepalive 16;#" \
        "$VAR/nginx.conf"
    grep -q "$(cluster_host_addr 2):$CLUSTER_PUBLIC_PORT" "$VAR/nginx.conf" \
        || die "cluster: could not point nginx at the responder hosts (conf/nginx.conf.in changed?)"
    mkdir -p "$VAR/conf.d"
    nginx -t -q -p "$VAR/" -e "$LOG/nginx-error.log" -c "$VAR/nginx.conf" \
        || die "nginx rejects $VAR/nginx.conf"
    # shellcheck disable=SC2094
    setsid nginx -p "$VAR/" -e "$LOG/nginx-error.log" -c "$VAR/nginx.conf" \
        </dev/null >>"$LOG/nginx-error.log" 2>&1 &
    for (( tenths = 0; tenths < 100; tenths++ )); do
        port_in_use "$PORT" && return 0
        sleep 0.1
    done
    die "cluster: nginx did not listen on port $PORT (log: $LOG/nginx-error.log)"
}

# ---------------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------------

cluster_up() {
    local n h
    PORT=${PORT:-$DEFAULT_PORT}
    check_port "$PORT"
    ensure_packages
    build_normal
    BIN_DIR=${LAOXIAO_CLUSTER_BIN:-$ROOT/build/cgi}
    cluster_paths
    if pidfile_alive "$RUN/nginx.pid" >/dev/null; then
        die "cluster: already up (./laoxiao cluster status; ./laoxiao cluster down)"
    fi
    port_in_use "$PORT" && die "port $PORT is in use; choose another with PORT=..."
    choose_sockdir
    ensure_secrets
    cluster_net_up
    cluster_node_start 1 --wsrep-new-cluster
    # ./laoxiao sql (LAOXIAO_VAR=var/cluster) and the tools reach node 1 where an instance has its server.
    ln -sfn "$(cluster_node_sock 1)" "$SOCKDIR/mysql.sock"
    cluster_db_setup
    DB_SOCKET=$(cluster_node_sock 1)
    migrate
    # The tools (places, demo data) run in the root namespace on node 1's socket, before the other
    # nodes join and receive everything by state transfer: the demo loader numbers its stations and
    # service types 1, 2, 3, ..., which auto-increment gives only on a cluster of one node (with
    # three, each node hands out every third id).
    write_env
    if [[ -n ${LAOXIAO_ADMIN_PASSWORD:-} ]]; then
        export LAOXIAO_ADMIN_PASSWORD
    fi
    load_places
    load_demo
    # The copy the others receive is of files: what the server still holds in memory for its own
    # (Aria) tables, the stored procedures among them, goes to disk first.
    cluster_sql 1 -e 'FLUSH TABLES' || die "cluster: FLUSH TABLES on node 1 failed"
    for n in "${CLUSTER_NODES[@]:1}"; do
        cluster_node_start "$n"
        cluster_node_same_schema "$n"
    done
    for h in "${CLUSTER_HOSTS[@]}"; do
        cluster_host_start "$h"
    done
    cluster_nginx_start
    printf '%s\n' "$PORT" >"$RUN/port"
    echo "laoxiao 集群已启动: http://127.0.0.1:$PORT/"
    if [[ -n $DEMO_OUTPUT ]]; then
        printf '%s\n' "$DEMO_OUTPUT"
    fi
    echo "(./laoxiao cluster status 查看状态；./laoxiao cluster down 停止并清除)"
}

cluster_down() {
    local n h
    # Every step is tried, whatever the one before did.
    set +e
    cluster_paths
    find_sockdir
    stop_pidfile "$RUN/nginx.pid" nginx
    for h in "${CLUSTER_HOSTS[@]}"; do
        cluster_host_stop "$h"
    done
    for n in "${CLUSTER_NODES[@]}"; do
        cluster_node_stop "$n"
    done
    cluster_net_down
    remove_sockdir_from_file
    rm -rf -- "$VAR"
    say "cluster: down; removed the namespaces, the bridge and $VAR"
}

cluster_status() {
    local n h p pid state ok=0 addr
    cluster_paths
    find_sockdir
    printf '%-6s %-14s %-5s %-10s %-6s\n' node address size state ready
    for n in "${CLUSTER_NODES[@]}"; do
        state=$(cluster_sql "$n" -N -B -e "SELECT
            MAX(IF(VARIABLE_NAME = 'WSREP_CLUSTER_SIZE', VARIABLE_VALUE, NULL)),
            MAX(IF(VARIABLE_NAME = 'WSREP_LOCAL_STATE_COMMENT', VARIABLE_VALUE, NULL)),
            MAX(IF(VARIABLE_NAME = 'WSREP_READY', VARIABLE_VALUE, NULL))
            FROM information_schema.GLOBAL_STATUS" 2>/dev/null) || state=""
        if [[ -n $state ]]; then
            # shellcheck disable=SC2086
            printf '%-6s %-14s %-5s %-10s %-6s\n' "db$n" "$(cluster_db_addr "$n")" $state
        else
            printf '%-6s %-14s %-5s %-10s %-6s\n' "db$n" "$(cluster_db_addr "$n")" - down -
            ok=1
        fi
    done
    printf '%-6s %-14s %-8s %s\n' host address program state
    for h in "${CLUSTER_HOSTS[@]}"; do
        addr=$(cluster_host_addr "$h")
        for p in "${RESPONDERS[@]}"; do
            if pid=$(pidfile_alive "$RUN/app$h-$p.pid"); then
                state="running (pid $pid)"
            else
                state=down
                ok=1
            fi
            printf '%-6s %-14s %-8s %s\n' "app$h" "$addr" "$p" "$state"
        done
    done
    if pid=$(pidfile_alive "$RUN/nginx.pid"); then
        echo "nginx: http://127.0.0.1:$(cat "$RUN/port" 2>/dev/null)/ (pid $pid)"
    else
        echo "nginx: down"
        ok=1
    fi
    return $ok
}

cmd_cluster() {
    local what=${1:-}
    [[ $# -gt 0 ]] && shift
    case $what in
        up | down | status | node | host | bench) ;;
        *) die "usage: ./laoxiao cluster up|down|status (also: node N stop|kill|start, host N stop|start)" ;;
    esac
    cluster_need_root
    case $what in
        up) cluster_up ;;
        down) cluster_down ;;
        status) cluster_status ;;
        bench) cluster_bench "$@" ;;
        node | host)
            [[ $# -eq 2 && $1 =~ ^[1-9]$ ]] || die "usage: ./laoxiao cluster $what N stop|start${what/host/}"
            cluster_paths
            find_sockdir
            BIN_DIR=${LAOXIAO_CLUSTER_BIN:-$ROOT/build/cgi}
            case $what:$2 in
                node:stop) cluster_node_stop "$1" ;;
                node:kill) cluster_node_kill "$1" ;;
                node:start) cluster_node_start "$1" ;;
                host:stop) cluster_host_stop "$1" ;;
                host:start)
                    set -a; . "$ENV_FILE"; set +a
                    cluster_host_start "$1" ;;
                *) die "cluster: $what $2: unknown" ;;
            esac ;;
    esac
}

# The cluster stage of ./laoxiao test: a cluster of its own on PORT, tests/cluster/ against it, then
# down whatever happened. Fails when a cluster from `cluster up` is running (it would be replaced).
cluster_test() {
    local ok=0
    cluster_paths
    if pidfile_alive "$RUN/nginx.pid" >/dev/null; then
        say "cluster: one is up already (./laoxiao cluster down first)"
        return 1
    fi
    cluster_down >/dev/null 2>&1 || true
    if ! ( LAOXIAO_ADMIN_PASSWORD=${LAOXIAO_ADMIN_PASSWORD:-TestPass-2026!} cluster_up ) >&2; then
        ( cluster_down ) >&2 || true
        return 1
    fi
    cluster_paths
    BASE_URL=http://127.0.0.1:$PORT LAOXIAO_VAR=$VAR LAOXIAO_ROOT=$ROOT \
        LAOXIAO_ADMIN_PASSWORD=${LAOXIAO_ADMIN_PASSWORD:-TestPass-2026!} \
        node --test --test-concurrency=1 tests/cluster/ || ok=1
    # cluster down removes the logs: a failure's are shown first (the responders' last words, and
    # how many conflicts each met).
    if (( ok )); then
        local f
        for f in "$LOG"/app*.log "$LOG"/nginx-error.log; do
            [[ -f $f ]] || continue
            say "cluster: $(basename "$f"): $(grep -c 'Deadlock found' "$f") conflicts; last lines:"
            grep -v 'Deadlock found' "$f" | tail -n 15 >&2
        done
    fi
    ( cluster_down ) >&2 || ok=1
    return $ok
}

# cluster bench [SECONDS]: the two durable POSTs of ./laoxiao bench (bench/wrk.lua, same connections
# and threads) through the cluster's nginx, with 20 volunteers and elders made for it at station1.
cluster_bench() {
    local seconds=${1:-10} station township village type today volunteers elders
    [[ $seconds =~ ^[1-9][0-9]*$ ]] || die "cluster bench: SECONDS must be a number"
    command -v wrk >/dev/null || die "cluster bench needs wrk"
    cluster_paths
    find_sockdir
    pidfile_alive "$RUN/nginx.pid" >/dev/null || die "cluster bench: the cluster is not up"
    PORT=$(<"$RUN/port")
    BENCH_PASSWORD=${LAOXIAO_ADMIN_PASSWORD:?cluster bench: set LAOXIAO_ADMIN_PASSWORD to the staff password}
    local q="cluster_sql 1 --database=$DB_NAME -N -B -e"
    station=$($q "SELECT station_id FROM staff WHERE username = 'station1'")
    read -r township village < <($q "SELECT township_id, village_id FROM station WHERE id = $station")
    type=$($q "SELECT MIN(id) FROM service_type WHERE active = 1")
    today=$($q "SELECT CURDATE()")
    $q "INSERT INTO volunteer (number, name, id_cipher, id_hash, id_mask, sex, birth_date, phone, township_id,
            village_id, status, station_id, consent_version, consent_at)
          SELECT CONCAT('B', seq, '-', UNIX_TIMESTAMP()), CONCAT('压测志愿者', seq), RANDOM_BYTES(40), RANDOM_BYTES(32),
            '511921********0000', 'F', '1970-01-01', '13900000000', $township, $village, 'approved', $station,
            'bench', NOW() FROM seq_1_to_20;
        INSERT INTO elder (station_id, name, id_cipher, id_hash, id_mask, sex, birth_date, village_id, living,
            care_flags, contact_name, contact_phone, active)
          SELECT $station, CONCAT('压测老人', seq), RANDOM_BYTES(40), RANDOM_BYTES(32), '511921********1111', 'M',
            '1940-01-01', $village, 'alone', 'alone', '联系人', '13900000001', 1 FROM seq_1_to_20" \
        || die "cluster bench: could not make its volunteers and elders"
    volunteers=$($q "SELECT GROUP_CONCAT(id ORDER BY id) FROM (SELECT id FROM volunteer WHERE station_id = $station
        AND name LIKE '压测志愿者%' ORDER BY id DESC LIMIT 20) v")
    elders=$($q "SELECT GROUP_CONCAT(id ORDER BY id) FROM (SELECT id FROM elder WHERE station_id = $station
        AND name LIKE '压测老人%' ORDER BY id DESC LIMIT 20) e")
    local pub=$TMPD/public.jar staff=$TMPD/staff.jar pub_csrf staff_csrf
    rm -f "$pub" "$staff"
    pub_csrf=$(bench_form_token "$pub" /volunteer/register)
    bench_sign_in "$staff" station1
    staff_csrf=$(bench_form_token "$staff" /station/services/new)
    # Past every index an earlier run used: the ID numbers wrk makes are new.
    local offset=0 out
    [[ -f $VAR/bench-offset ]] && offset=$(<"$VAR/bench-offset")
    say "cluster bench: register_post, ${seconds} s"
    out=$(BENCH_KIND=register BENCH_EXPECT=303 BENCH_COOKIE="$(bench_cookie_header "$pub")" \
        BENCH_CSRF="$pub_csrf" BENCH_TOWNSHIP="$township" BENCH_VILLAGE="$village" \
        BENCH_THREADS=$BENCH_WRK_THREADS BENCH_OFFSET=$offset \
        wrk -t$BENCH_WRK_THREADS -c$BENCH_CONNECTIONS -d"${seconds}s" --latency -s bench/wrk.lua \
        "http://127.0.0.1:$PORT/volunteer/register")
    printf '%s\n' "$out"
    node -e 'console.log(JSON.parse(process.argv[1]).next_offset)' "$(grep '^BENCH ' <<<"$out" | cut -c7-)" \
        >"$VAR/bench-offset"
    say "cluster bench: services_post, ${seconds} s"
    BENCH_KIND=service BENCH_EXPECT=303 BENCH_COOKIE="$(bench_cookie_header "$staff")" BENCH_CSRF="$staff_csrf" \
        BENCH_ELDERS="$elders" BENCH_VOLUNTEERS="$volunteers" BENCH_TYPE="$type" BENCH_TODAY="$today" \
        BENCH_DAYS=$BENCH_SERVICE_DAYS BENCH_THREADS=$BENCH_WRK_THREADS BENCH_OFFSET=0 \
        wrk -t$BENCH_WRK_THREADS -c$BENCH_CONNECTIONS -d"${seconds}s" --latency -s bench/wrk.lua \
        "http://127.0.0.1:$PORT/station/services/new"
}
