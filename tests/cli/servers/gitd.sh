# Loopback git servers for the sync tests (sourced).  Each starts on a free
# 127.0.0.1 port and is stopped by stop_servers (call it from a trap).
#   start_git_daemon BASE      git:// with receive-pack; sets GITD_URL
#   start_lighttpd BASE [tls]  http(s):// through git-http-backend; sets
#                              HTTP_URL (https: HTTPS_URL and CA_FILE)
#   start_sshd BASE            OpenSSH's sshd with a host key made here, for
#                              the keys in BASE.authorized_keys; sets
#                              SSH_PORT, SSH_USER and SSH_HOSTKEY (its .pub)
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

# lighttpd + git-http-backend over BASE; with "tls", https with a test CA
# and a certificate for localhost (libgit2 with mbedTLS rejects an IP SAN).
start_lighttpd() {
	base=$1 tls=${2:-}
	backend=$(git --exec-path)/git-http-backend
	conf="$base.lighttpd.conf" tries=0
	if [ -n "$tls" ]; then
		openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=panelkit test CA" \
			-keyout "$base.ca.key" -out "$base.ca.pem" >/dev/null 2>&1 || return 1
		openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
			-keyout "$base.key" -out "$base.csr" >/dev/null 2>&1 || return 1
		printf 'subjectAltName=DNS:localhost\n' >"$base.ext"
		openssl x509 -req -in "$base.csr" -CA "$base.ca.pem" -CAkey "$base.ca.key" \
			-CAcreateserial -days 2 -extfile "$base.ext" -out "$base.crt" >/dev/null 2>&1 || return 1
		cat "$base.crt" "$base.key" >"$base.pem"
		CA_FILE="$base.ca.pem"
	fi
	while [ $tries -lt 20 ]; do
		tries=$((tries + 1))
		port=$(pick_port)
		{
			echo 'server.modules = ("mod_cgi", "mod_alias", "mod_setenv"'"${tls:+, \"mod_openssl\"}"')'
			echo "server.document-root = \"$base\""
			echo "server.bind = \"127.0.0.1\""
			echo "server.port = $port"
			echo "server.errorlog = \"$base.lighttpd.log\""
			echo 'server.max-request-size = 0'
			echo 'server.stream-request-body = 0'
			echo "alias.url = (\"/git/\" => \"$backend/\")"
			echo 'cgi.assign = ("" => "")'
			echo "setenv.add-environment = (\"GIT_PROJECT_ROOT\" => \"$base\", \"GIT_HTTP_EXPORT_ALL\" => \"1\", \"REMOTE_USER\" => \"test\")"
			if [ -n "$tls" ]; then
				echo 'ssl.engine = "enable"'
				echo "ssl.pemfile = \"$base.pem\""
			fi
			if [ -n "${HTTP_AUTH:-}" ]; then
				# basic auth, user "office" with the password $HTTP_AUTH
				printf 'office:%s\n' "$HTTP_AUTH" >"$base.users"
				echo 'server.modules += ("mod_auth", "mod_authn_file")'
				echo 'auth.backend = "plain"'
				echo "auth.backend.plain.userfile = \"$base.users\""
				echo 'auth.require = ("/git/" => ("method" => "basic", "realm" => "records", "require" => "valid-user"))'
			fi
		} >"$conf"
		lighttpd -D -f "$conf" >>"$base.lighttpd.out" 2>&1 &
		pid=$!
		scheme=http
		[ -n "$tls" ] && scheme=https
		i=0
		while [ $i -lt 50 ]; do
			if ! kill -0 "$pid" 2>/dev/null; then break; fi
			if GIT_SSL_CAINFO="${CA_FILE:-}" git ls-remote "$scheme://${HTTP_AUTH:+office:$HTTP_AUTH@}localhost:$port/git/records.git" >/dev/null 2>&1; then
				SERVER_PIDS="$SERVER_PIDS $pid"
				if [ -n "$tls" ]; then HTTPS_URL="https://localhost:$port/git"; else HTTP_URL="http://localhost:$port/git"; fi
				return 0
			fi
			sleep 0.1
			i=$((i + 1))
		done
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	echo "cannot start lighttpd" >&2
	cat "$base.lighttpd.out" "$base.lighttpd.log" >&2 2>/dev/null
	return 1
}

# sshd on 127.0.0.1 as the user running the test (root or not: it can only
# log that user in), its own host key and config; nothing from /etc/ssh.
start_sshd() {
	base=$1 tries=0
	sshd=$(command -v sshd || echo /usr/sbin/sshd)
	[ -x "$sshd" ] || { echo "no sshd: apt-get install openssh-server" >&2; return 1; }
	rm -f "$base.hostkey" "$base.hostkey.pub"
	ssh-keygen -q -t ed25519 -N '' -C "panelkit test host" -f "$base.hostkey" || return 1
	SSH_HOSTKEY="$base.hostkey.pub"
	SSH_USER=$(id -un)
	[ "$(id -u)" = 0 ] && mkdir -p /run/sshd # its privilege separation directory
	while [ $tries -lt 20 ]; do
		tries=$((tries + 1))
		port=$(pick_port)
		cat >"$base.sshd_config" <<END
ListenAddress 127.0.0.1
Port $port
HostKey $base.hostkey
PidFile $base.sshd.pid
AuthorizedKeysFile $base.authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowTcpForwarding no
X11Forwarding no
LogLevel VERBOSE
END
		"$sshd" -D -e -f "$base.sshd_config" >>"$base.sshd.log" 2>&1 &
		pid=$!
		i=0
		while [ $i -lt 50 ]; do
			if ! kill -0 "$pid" 2>/dev/null; then break; fi
			if ssh-keyscan -p "$port" 127.0.0.1 2>/dev/null | grep -q ssh-ed25519; then
				SERVER_PIDS="$SERVER_PIDS $pid"
				SSH_PORT=$port
				return 0
			fi
			sleep 0.1
			i=$((i + 1))
		done
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	echo "cannot start sshd" >&2
	cat "$base.sshd.log" >&2
	return 1
}
