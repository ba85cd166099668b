# tests/lib/wait.sh — the waits the shell tests share (bash; sourced, not run).
#
# A test waits for the real condition, never for a fixed time: the number of
# messages POP3 STAT reports, the `listening` lines, a process gone, a screen
# in tmux. Each wait polls with a short sleep up to a bound in seconds; the
# bounds are generous, since they are only reached when something is wrong.
# On failure a wait returns 1 and leaves in $saw what it saw last, for the
# caller's message ("after 30 s STAT said 0 messages, wanted 1").

saw=

# wait_until SECS CMD...: until CMD succeeds; 1 after SECS seconds
wait_until() {
	local secs=$1 end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ "$SECONDS" -ge "$end" ] && return 1
		sleep 0.05
	done
}

# alive PID: the process runs (a zombie, ended but not yet reaped, is gone)
alive() {
	kill -0 "$1" 2>/dev/null || return 1
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
	stat=${stat##*) }
	[ "${stat%% *}" != Z ]
}

# wait_gone PID [SECS]: until the process has ended
wait_gone() {
	local pid=$1 secs=${2:-30}
	wait_until "$secs" eval '! alive "$pid"' && return 0
	saw="after $secs s process $pid is still running"
	return 1
}

# wait_listening FILE N [PID] [SECS]: until FILE holds N whole `listening`
# lines (serve prints one per listener when ready); gives up at once when
# PID, the server, has ended
wait_listening() {
	local file=$1 want=$2 pid=${3:-} secs=${4:-30} end=$((SECONDS + ${4:-30})) n
	while :; do
		n=$(grep -c '^listening ' "$file" 2>/dev/null)
		# the last line is whole: a port is not read while it is being written
		[ "${n:-0}" -ge "$want" ] && [ -z "$(tail -c 1 "$file")" ] && return 0
		if [ -n "$pid" ] && ! alive "$pid"; then
			saw="the server ended after ${n:-0} 'listening' lines, wanted $want"
			return 1
		fi
		if [ "$SECONDS" -ge "$end" ]; then
			saw="after $secs s ${n:-0} 'listening' lines, wanted $want"
			return 1
		fi
		sleep 0.05
	done
}

# port_of FILE NAME: the port of the line `listening NAME ADDR:PORT` in FILE
port_of() {
	awk -v n="$2" '$1 == "listening" && $2 == n { sub(/.*:/, "", $3); print $3 }' "$1"
}

# pop3_stat PORT [USER PASS]: one real POP3 exchange on 127.0.0.1:PORT, in
# lockstep (greeting, USER, PASS, STAT, QUIT, each answer read before the next
# command); prints the number of messages STAT reports. On trouble prints
# what went wrong and returns 1. It reads QUIT's answer, so the maildrop is
# unlocked again when it returns.
pop3_stat() {
	timeout 20 bash -c '
		exec 3<>"/dev/tcp/127.0.0.1/$1" || { echo "cannot connect to POP3 port $1"; exit 1; }
		answer() {
			IFS= read -r -t 10 line <&3 || { echo "no answer to $1"; exit 1; }
			line=${line%$'"'"'\r'"'"'}
			case $line in "+OK"*) ;; *) echo "$1 answered: $line"; exit 1 ;; esac
		}
		answer "the connection (greeting)"
		printf "USER %s\r\n" "$2" >&3; answer USER
		printf "PASS %s\r\n" "$3" >&3; answer PASS
		printf "STAT\r\n" >&3;         answer STAT
		stat=$line
		printf "QUIT\r\n" >&3;         answer QUIT
		set -- $stat
		case $2 in "" | *[!0-9]*) echo "STAT answered: $stat"; exit 1 ;; esac
		echo "$2"' pop3_stat "$1" "${2:-boss}" "${3:-s3cret}" 2>&1
	local rc=$?
	[ "$rc" = 124 ] && echo "no POP3 exchange within 20 s"
	return "$rc"
}

# wait_stat PORT WANT [SECS] [USER PASS]: until STAT reports exactly WANT
# messages (boss's maildrop by default). More than WANT fails at once.
wait_stat() {
	local port=$1 want=$2 secs=${3:-30} end=$((SECONDS + ${3:-30})) r
	while :; do
		if r=$(pop3_stat "$port" "${4:-boss}" "${5:-s3cret}"); then
			[ "$r" = "$want" ] && return 0
			if [ "$r" -gt "$want" ]; then
				saw="STAT said $r messages, wanted $want"
				return 1
			fi
			saw="STAT said $r messages"
		else
			saw="no STAT: ${r//$'\n'/; }"
		fi
		if [ "$SECONDS" -ge "$end" ]; then
			saw="after $secs s $saw, wanted $want"
			return 1
		fi
		sleep 0.1
	done
}

# smtp_noop PORT: a fresh SMTP session on 127.0.0.1:PORT answers its greeting,
# NOOP and QUIT (220, 250, 221); on trouble prints what it got, returns 1
smtp_noop() {
	timeout 20 bash -c '
		exec 3<>"/dev/tcp/127.0.0.1/$1" || { echo "cannot connect to SMTP port $1"; exit 1; }
		answer() {
			IFS= read -r -t 10 line <&3 || { echo "no answer to $1"; exit 1; }
			line=${line%$'"'"'\r'"'"'}
			case $line in "$2 "*) ;; *) echo "$1 answered: $line"; exit 1 ;; esac
		}
		answer "the connection (greeting)" 220
		printf "NOOP\r\n" >&3; answer NOOP 250
		printf "QUIT\r\n" >&3; answer QUIT 221' smtp_noop "$1" 2>&1
	local rc=$?
	[ "$rc" = 124 ] && echo "no SMTP exchange within 20 s"
	return "$rc"
}

# sockets_of PID: how many sockets the process holds open
sockets_of() {
	local n=0 f
	for f in /proc/"$1"/fd/*; do
		case $(readlink "$f" 2>/dev/null) in socket:*) n=$((n + 1)) ;; esac
	done
	echo "$n"
}

# wait_sockets PID N [SECS]: until the process holds N sockets (a server has
# closed the connections a test opened: back to its listeners)
wait_sockets() {
	local pid=$1 want=$2 secs=${3:-30}
	wait_until "$secs" eval '[ "$(sockets_of "$pid")" = "$want" ]' && return 0
	saw="after $secs s the server holds $(sockets_of "$pid") sockets, wanted $want"
	return 1
}
