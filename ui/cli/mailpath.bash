# mailpath.bash — bash completion for mailpath(1), installed by `make install`
# as $(PREFIX)/share/bash-completion/completions/mailpath.
#
# It never keeps its own lists: subcommands, options, formats, fault names,
# bundled scenarios and explain topics come from the program being completed
# (`mailpath --help`, `mailpath CMD --help`, `mailpath list`, `mailpath
# explain`), so a new subcommand, option, lesson or fault completes at once.

_mailpath_ask() {   # _mailpath_ask PROGRAM ARGS...: its output, quietly
	"$@" 2>/dev/null </dev/null
}

_mailpath_commands() {   # "  mailpath [play ...", "  mailpath run ...": the words
	_mailpath_ask "$1" --help | sed -n 's/^  mailpath \[\{0,1\}\([a-z][a-z-]*\).*/\1/p' | sort -u
}

_mailpath_faults() {   # the "Faults" list of `mailpath run --help`
	_mailpath_ask "$1" run --help | awk '/^Faults/ { f = 1; next } f && /^  [a-z]/ { print $1 }'
}

_mailpath_formats() {   # "text:", "json:" ... under --format in `mailpath run --help`
	_mailpath_ask "$1" run --help | awk '/^  --format/ { f = 1 } /^  --/ && !/^  --format/ { f = 0 }
		f { for (i = 1; i <= NF; i++) if ($i ~ /^[a-z]+:$/) { sub(/:$/, "", $i); print $i; break } }'
}

_mailpath_topics() {   # every key of `mailpath explain`, and its last part
	_mailpath_ask "$1" explain | awk '{ print $1; n = split($1, p, ":"); if (n > 1) print p[n] }' | sort -u
}

_mailpath_reply() {   # _mailpath_reply CUR WORDS...: COMPREPLY, ':' handled like bash-completion
	local cur=$1 w
	shift
	COMPREPLY=()
	while IFS= read -r w; do
		[ -n "$w" ] || continue
		if [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]]; then
			w=${w#"${cur%:*}":}   # bash completes only what follows the last ':'
		fi
		COMPREPLY+=("$w")
	done < <(compgen -W "$*" -- "$cur")
}

_mailpath() {
	# The words up to the cursor as typed: bash's COMP_WORDS splits at ':'
	# (smtp:RCPT), so the line itself is read when there is one.
	local words=() cur prev mp cmd= i
	COMPREPLY=()
	if [[ -n ${COMP_LINE-} ]]; then
		local line=${COMP_LINE:0:${COMP_POINT:-${#COMP_LINE}}}
		read -ra words <<<"$line"
		[[ -z $line || $line == *[[:space:]] ]] && words+=("")
	else
		words=("${COMP_WORDS[@]:0:COMP_CWORD+1}")
	fi
	local n=${#words[@]}
	cur=${words[n - 1]}
	prev=${words[n - 2]-}
	mp=${words[0]}
	mp=${mp/#\~/$HOME}
	command -v "$mp" >/dev/null 2>&1 || mp=mailpath
	for ((i = 1; i < n - 1; i++)); do
		case ${words[i]} in -*) ;; *) cmd=${words[i]}; break ;; esac
	done
	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			_mailpath_reply "$cur" --help --version
		else
			_mailpath_reply "$cur" "$(_mailpath_commands "$mp")"
		fi
		return 0
	fi
	# a value written as a choice in the command's usage: --mode all|replies|states|key
	local choices=
	[[ $prev == --* ]] && choices=$(_mailpath_ask "$mp" "$cmd" --help |
		grep -o -- "$prev \[\{0,1\}[a-z0-9-]*|[a-z0-9|-]*" | head -1 | sed 's/^[^ ]* \[\{0,1\}//' | tr '|' ' ')
	if [[ -n $choices ]]; then
		_mailpath_reply "$cur" "$choices"
		return 0
	fi
	case $prev in
	--fault) _mailpath_reply "$cur" "$(_mailpath_faults "$mp")"; return 0 ;;
	--format) _mailpath_reply "$cur" "$(_mailpath_formats "$mp")"; return 0 ;;
	--pcap | --answers | --*file*) COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;
	--seed | --speed | --idle-timeout | --smtp | --mx | --pop3 | --isp-pop3 | --*s | --pass | --mode | --eavesdrop)
		return 0 ;;   # a value of the user's own
	esac
	if [[ $cur == -* ]]; then
		_mailpath_reply "$cur" "$(_mailpath_ask "$mp" "$cmd" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u)"
		return 0
	fi
	case $cmd in
	explain)
		_mailpath_reply "$cur" "$(_mailpath_topics "$mp")" ;;
	check)
		COMPREPLY=($(compgen -f -- "$cur")) ;;
	list) ;;
	*)   # a scenario: a bundled name or a .scn file
		_mailpath_reply "$cur" "$(_mailpath_ask "$mp" list | awk '{ print $1 }')"
		COMPREPLY+=($(compgen -f -X '!*.scn' -- "$cur") $(compgen -d -S / -- "$cur")) ;;
	esac
	return 0
}
complete -F _mailpath mailpath
