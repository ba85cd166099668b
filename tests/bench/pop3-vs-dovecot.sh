#!/usr/bin/env bash
# pop3-vs-dovecot.sh — the POP3 rows of `make bench`: 1,000 messages of 4 KB
# (BENCH_POP3_MESSAGES) retrieved and deleted by one client (tests/bench/pop3.py:
# RETR and DELE each, QUIT) from `mailpath serve --pop3`, and from Dovecot's
# POP3 server started here on loopback with a private configuration: its own
# dovecot.conf, passwd-file, base_dir, state and log in a temporary
# directory, a Maildir there, 127.0.0.1 on a free port. Nothing system-wide
# changes. Where Dovecot cannot start, the row says why.
# Prints rows for tests/bench/table.sh: ROW|figure|measured|peer or goal|verdict
set -u
cd "$(dirname "$0")/../.."
N=${BENCH_POP3_MESSAGES:-1000}
bound=${BENCH_SERVE_TIMEOUT:-300}
SRC=$(command -v smtp-source || echo /usr/sbin/smtp-source)
DOVECOT=$(command -v dovecot || echo /usr/sbin/dovecot)
POP3=tests/bench/pop3.py
tmp=$(mktemp -d)
chmod 755 "$tmp"            # Dovecot's mail process (nobody) walks into it
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT
# serve's listeners: NAME=PORT for ours, every other one on a free port (each
# has a fixed default port that another program may hold)
listeners() {
	local l kv p
	for l in smtp mx pop3 isp-pop3 smtps pop3s; do
		p=0
		for kv; do [ "${kv%%=*}" = "$l" ] && p=${kv#*=}; done
		printf -- '--%s 127.0.0.1:%s ' "$l" "$p"
	done
}
wait_port() {
	for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
	return 1
}

# 1. mailpath: 1,000 messages delivered through --mx, then fetched over --pop3
lport=$(python3 $POP3 port) pport=$(python3 $POP3 port)
./mailpath serve --headless $(listeners "mx=$lport" "pop3=$pport") </dev/null >/dev/null 2>"$tmp/serve.err" &
spid=$!
pids+=($spid)
mp=""
if wait_port "$lport" && wait_port "$pport" &&
	timeout "$bound" "$SRC" -s 5 -m "$N" -l 4096 -f smith@isp.example -t boss@corp.example \
		"127.0.0.1:$lport" >"$tmp/source" 2>&1; then
	set -- $(python3 $POP3 wait "$pport" boss s3cret "$N" "$bound")
	if [ "${1:-}" = "$N" ]; then
		mp=$(timeout "$bound" python3 $POP3 fetch "$pport" boss s3cret)
		left=$(python3 $POP3 stat "$pport" boss s3cret | cut -d' ' -f1)
	fi
fi
kill "$spid" 2>/dev/null
if [ -z "$mp" ]; then
	echo "ROW|serve --pop3: RETR + DELE of $N messages of 4 KB|could not fill the maildrop: $(tail -c 150 "$tmp/source" "$tmp/serve.err" | tr '\n|' '  ')|Dovecot's POP3|MISSED"
	exit 0
fi
set -- $mp
mp_n=$1 mp_octets=$2 mp_s=$3
mp_rate=$(awk -v n="$mp_n" -v s="$mp_s" 'BEGIN { printf "%.0f", n / s }')

# 2. Dovecot with a private configuration
dport=$(python3 $POP3 port)
home=$tmp/home/boss
mkdir -p "$home/Maildir/cur" "$home/Maildir/new" "$home/Maildir/tmp" "$tmp/run" "$tmp/state"
# the same size of message: a header and 4,096 octets of body in lines of 64
body=$(awk 'BEGIN { for (i = 0; i < 64; i++) printf "%063d\n", i }')
for i in $(seq "$N"); do
	printf 'Return-Path: <smith@isp.example>\nFrom: smith@isp.example\nTo: boss@corp.example\nSubject: bench %d\n\n%s\n' \
		"$i" "$body" >"$home/Maildir/cur/1795856400.M${i}P1.bench:2,"
done
echo "boss:{PLAIN}s3cret:65534:65534::$home" >"$tmp/passwd"
chown -R 65534:65534 "$tmp/home"
cat >"$tmp/dovecot.conf" <<CONF
# private to this benchmark: nothing here is read or written outside $tmp
base_dir = $tmp/run
state_dir = $tmp/state
instance_name = mailpath-bench-$$
log_path = $tmp/dovecot.log
protocols = pop3
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
default_login_user = dovenull
default_internal_user = dovecot
first_valid_uid = 1
first_valid_gid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n $tmp/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%n $tmp/passwd
}
mail_location = maildir:~/Maildir
pop3_uidl_format = %08Xu%08Xv
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = $dport
  }
  inet_listener pop3s {
    port = 0
  }
}
CONF
why=""
if [ ! -x "$DOVECOT" ]; then
	why="dovecot is not installed (sh .ci/ensure-deps bench installs dovecot-pop3d)"
else
	"$DOVECOT" -F -c "$tmp/dovecot.conf" >"$tmp/dovecot.out" 2>&1 &
	dpid=$!
	pids+=($dpid)
	if ! wait_port "$dport"; then
		why="Dovecot did not start: $(cat "$tmp/dovecot.out" "$tmp/dovecot.log" 2>/dev/null | tail -3 | tr '\n|' '  ')"
	fi
fi
label="POP3 RETR+DELE, $N x 4 KB"
if [ -n "$why" ]; then
	echo "ROW|$label: serve --pop3|$mp_rate msg/s ($mp_s s, $mp_octets octets; $left left)|Dovecot: $why|-"
	exit 0
fi
dv=$(timeout "$bound" python3 $POP3 fetch "$dport" boss s3cret)
dleft=$(python3 $POP3 stat "$dport" boss s3cret | cut -d' ' -f1)
kill "$dpid" 2>/dev/null
wait "$dpid" 2>/dev/null
set -- $dv
if [ "${1:-0}" != "$N" ]; then
	echo "ROW|$label: serve --pop3|$mp_rate msg/s ($mp_s s)|Dovecot retrieved ${1:-nothing}: $(tail -2 "$tmp/dovecot.log" | tr '\n|' '  ')|-"
	exit 0
fi
dv_rate=$(awk -v n="$1" -v s="$3" 'BEGIN { printf "%.0f", n / s }')
ratio=$(awk -v a="$mp_rate" -v b="$dv_rate" 'BEGIN { printf "%.2f", a / b }')
echo "ROW|$label: Dovecot $("$DOVECOT" --version | cut -d' ' -f1)|$dv_rate msg/s ($3 s; $dleft left)|the peer|-"
echo "ROW|$label: serve --pop3|${ratio}x Dovecot ($mp_rate msg/s, $mp_s s; $left left)|the ratio (no goal set)|-"
