# zsh -f zsh-complete.zsh 'WORDS': types WORDS and <TAB> into an interactive zsh (in a pseudo-terminal, with
# compinit on the default fpath, as a user's shell has it) and prints the command line as completion left it,
# as "[WORDS...]". DebPackageTest uses it to check the installed /usr/share/zsh/vendor-completions/_lvmops.
zmodload zsh/zpty
zpty -b z 'zsh -f -i'
zpty -w z "PS1='> '; autoload -U compinit; compinit -u -D; bindkey -e; echo READY"
zpty -r z line '*READY*' || exit 2
zpty -w -n z "$1"$'\t'
sleep 1
# ctrl-A, then make the completed line an argument of print: 'print -r -- [lvmops validate ]'
zpty -w -n z $'\x01print -r -- "[\x05]"\n'
zpty -r -t z line '*\]*' || true
out=$line
sleep 1
while zpty -r -t z chunk; do out+=$chunk; done
print -r -- "$out" | tr -d '\r' | grep -a -o '^\[.*\]$' | head -1
zpty -d z
