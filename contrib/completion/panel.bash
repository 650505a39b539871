# bash completion for panel (panelkit).  Installed by 'make install' as
# PREFIX/share/bash-completion/completions/panel.
#
# Verbs come from 'panel --help', options from 'panel VERB --help' (the same
# text as the man pages, so they cannot drift), record IDs from the file
# names of cases/, panels/ and people/ of the records repository (-C DIR, or
# the nearest directory upwards holding cases/).

# The records repository: -C DIR on the line, else upwards from here.
_panel_root()
{
	local i d
	for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do
		if [[ ${COMP_WORDS[i]} == -C ]]; then
			printf '%s\n' "${COMP_WORDS[i + 1]}"
			return
		fi
	done
	d=$PWD
	while [[ $d != / && ! -d $d/cases ]]; do d=${d%/*}; [[ -z $d ]] && d=/; done
	[[ -d $d/cases ]] && printf '%s\n' "$d" || printf '.\n'
}

# IDs of one kind (cases, panels, people), or of all.
_panel_ids()
{
	local root f k
	root=$(_panel_root)
	for k in "$@"; do
		for f in "$root/$k"/*.yaml; do
			[[ -e $f ]] || continue
			f=${f##*/}
			printf '%s\n' "${f%.yaml}"
		done
	done
}

_panel_verbs()
{
	panel --help 2>/dev/null | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p'
}

_panel()
{
	local cur prev verb i
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	verb=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-C) ((i++)) ;;
		-*) ;;
		*) verb=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [[ -z $verb ]]; then
		if [[ $prev == -C ]]; then
			COMPREPLY=($(compgen -d -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_panel_verbs) --help --version" -- "$cur"))
		fi
		return
	fi
	case $prev in
	-C | --templates) COMPREPLY=($(compgen -d -- "$cur")); return ;;
	-o | --output | --ics) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--explain | --case) COMPREPLY=($(compgen -W "$(_panel_ids cases)" -- "$cur")); return ;;
	--framework) COMPREPLY=($(compgen -W "detention ipp" -- "$cur")); return ;;
	--setting) COMPREPLY=($(compgen -W "custody community" -- "$cur")); return ;;
	--for) COMPREPLY=($(compgen -W "person" -- "$cur")); return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(panel "$verb" --help 2>/dev/null | grep -oE -- '--[a-z][a-z-]*' | sort -u)" -- "$cur"))
		return
	fi
	case $verb in
	agenda | minutes) COMPREPLY=($(compgen -W "$(_panel_ids panels)" -- "$cur")) ;;
	log) COMPREPLY=($(compgen -W "$(_panel_ids cases panels people)" -- "$cur")) ;;
	rules) COMPREPLY=($(compgen -W "$(panel rules --json 2>/dev/null | sed -n 's/.*{"id": "\([A-Z0-9-]*\)".*/\1/p')" -- "$cur")) ;;
	new) COMPREPLY=($(compgen -W "case panel person" -- "$cur")) ;;
	report) COMPREPLY=($(compgen -W "compliance coverage detention attendance" -- "$cur")) ;;
	schema) COMPREPLY=($(compgen -W "derive ids" -- "$cur")) ;;
	validate | commit) COMPREPLY=($(compgen -f -X '!*.yaml' -- "$cur") $(compgen -d -- "$cur")) ;;
	*) COMPREPLY=() ;;
	esac
}
complete -F _panel panel
