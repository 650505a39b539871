# Loopback git servers for the sync tests (sourced).  Each starts on a free
# 127.0.0.1 port and is stopped by stop_servers (call it from a trap).
#   start_git_daemon BASE      git:// with receive-pack; sets GITD_URL
#   start_lighttpd BASE [tls]  http(s):// through git-http-backend; sets
#                              HTTP_URL (https: HTTPS_URL and CA_FILE)
SERVER_PIDS=""

stop_servers() {
	for p in $SERVER_PIDS; do
		kill "$p" 2>/dev/null
	done
	for p in $SERVER_PIDS; do
		wait "$p" 2>/dev/null
	done
	SERVER_PIDS=""
}

# A port nobody listens on now (the kernel's choice would race as well;
# the start functions retry on a taken port).
pick_port() {
	echo $(( 20000 + ($$ * 7 + $(date +%N | sed 's/^0*//;s/^$/0/') / 1000) % 40000 ))
}

start_git_daemon() {
	base=$1 tries=0
	while [ $tries -lt 20 ]; do
		tries=$((tries + 1))
		port=$(pick_port)
		git daemon --reuseaddr --listen=127.0.0.1 --port="$port" --base-path="$base" \
			--export-all --enable=receive-pack --informative-errors "$base" \
			>"$base.gitd.log" 2>&1 &
		pid=$!
		i=0
		while [ $i -lt 50 ]; do
			if ! kill -0 "$pid" 2>/dev/null; then break; fi
			if git ls-remote "git://127.0.0.1:$port/records.git" >/dev/null 2>&1; then
				SERVER_PIDS="$SERVER_PIDS $pid"
				GITD_URL="git://127.0.0.1:$port"
				return 0
			fi
			sleep 0.1
			i=$((i + 1))
		done
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	echo "cannot start git daemon" >&2
	cat "$base.gitd.log" >&2
	return 1
}
