// Completion scripts for bash, zsh and fish. All three call back into `kubesim __complete -- WORDS… CURRENT`,
// like kubectl's __complete, so object names come from the cluster and one engine (shell/complete.ts) answers.

const BASH = `# kubesim bash completion. Load it now:   source <(kubesim completion bash)
# or for every shell:                      kubesim completion bash > /etc/bash_completion.d/kubesim
_kubesim() {
    local cur="\${COMP_WORDS[COMP_CWORD]}"
    local IFS=$'\\n'
    local -a cands
    cands=( $(kubesim __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) )
    COMPREPLY=( "\${cands[@]}" )
    # TYPE/ and flag= prefixes go on without a space.
    if [[ \${#COMPREPLY[@]} -eq 1 && ( "\${COMPREPLY[0]}" == */ || "\${COMPREPLY[0]}" == *= ) ]]; then
        compopt -o nospace 2>/dev/null
    fi
    return 0
}
complete -o default -F _kubesim kubesim
`;

const ZSH = `#compdef kubesim
# kubesim zsh completion. Load it now:   source <(kubesim completion zsh)
# or save it as _kubesim in a folder of your $fpath.
_kubesim() {
    local -a cands
    cands=("\${(@f)$(kubesim __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
    cands=(\${cands:#})
    compadd -Q -- "\${cands[@]}"
}
if [ "\${funcstack[1]}" = "_kubesim" ]; then
    _kubesim "$@"
else
    (( $+functions[compdef] )) || { autoload -U compinit && compinit; }
    compdef _kubesim kubesim
fi
`;

const FISH = `# kubesim fish completion. Load it now:   kubesim completion fish | source
# or for every shell:                      kubesim completion fish > ~/.config/fish/completions/kubesim.fish
function __kubesim_complete
    set -l tokens (commandline -opc) (commandline -ct)
    kubesim __complete -- $tokens[2..-1] 2>/dev/null
end
complete -c kubesim -f -a '(__kubesim_complete)'
`;

export const COMPLETION_SCRIPTS: Record<string, string> = { bash: BASH, zsh: ZSH, fish: FISH };
