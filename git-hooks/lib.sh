# Shared by the lvmops git hooks (sourced, not run). POSIX sh.

# The lvmops command: $LVMOPS, else lvmops on PATH, else packaging/bin/lvmops of the repository being committed
# to, else packaging/bin/lvmops of the lvmops checkout these hooks live in.
lvmops_find() {
    if [ -n "${LVMOPS:-}" ]; then
        echo "$LVMOPS"
    elif command -v lvmops >/dev/null 2>&1; then
        command -v lvmops
    elif [ -x "$(git rev-parse --show-toplevel)/packaging/bin/lvmops" ]; then
        echo "$(git rev-parse --show-toplevel)/packaging/bin/lvmops"
    elif [ -x "${hooks_dir:-}/../packaging/bin/lvmops" ]; then   # hooks_dir: set by the hook sourcing this
        echo "${hooks_dir:-}/../packaging/bin/lvmops"
    else
        echo "lvmops hook: cannot find lvmops (set LVMOPS, put lvmops on PATH, or see git-hooks in the README)" >&2
        return 1
    fi
}

# Is the blob OBJECT (e.g. :path for the index, SHA:path for a commit) an lvmops spec file?
lvmops_is_spec() {
    case "$2" in *.yaml|*.yml) ;; *) return 1 ;; esac
    git cat-file blob "$1" 2>/dev/null | grep -Eq "^apiVersion:[[:space:]]*[\"']?lvmops/v1[\"']?[[:space:]]*(#.*)?$"
}

# The spec paths to check in TREEISH (":" for the index): `git config --get-all lvmops.specPath` if set, else every
# directory holding a *.yaml/*.yml file with apiVersion: lvmops/v1 (a directory's files make one spec, as in
# `lvmops validate DIR`). One path per line, "." for the top directory.
lvmops_spec_paths() {
    configured=$(git config --get-all lvmops.specPath || true)
    if [ -n "$configured" ]; then
        printf '%s\n' "$configured" | sed -e 's|^\./||' -e 's|/*$||' -e 's|^$|.|'
        return 0
    fi
    if [ "$1" = ":" ]; then
        git ls-files --cached
    else
        git ls-tree -r --name-only "$1"
    fi | while IFS= read -r f; do
        if lvmops_is_spec "$1$( [ "$1" = ":" ] || echo ":")$f" "$f"; then
            d=$(dirname -- "$f")
            echo "$d"
        fi
    done | sort -u
}

# Writes the spec files of spec path P as they are in TREEISH (":" = the index) under DEST/P; returns 1 if P holds
# no spec file there. Only files with apiVersion lvmops/v1 are written when P is a directory found by discovery.
lvmops_materialize() {
    treeish=$1 p=$2 dest=$3
    prefix=$treeish
    [ "$treeish" = ":" ] || prefix="$treeish:"
    if [ "$treeish" = ":" ]; then
        list=$(git ls-files --cached -- "$p")
    else
        list=$(git ls-tree -r --name-only "$treeish" -- "$p")
    fi
    found=1
    for f in $list; do
        # a directory's own files only (lvmops merges a directory non-recursively)
        if [ "$p" != "$f" ] && [ "$(dirname -- "$f")" != "$p" ]; then
            continue
        fi
        case "$f" in *.yaml|*.yml) ;; *) continue ;; esac
        if [ "$p" = "$f" ] || lvmops_is_spec "$prefix$f" "$f"; then
            mkdir -p "$dest/$(dirname -- "$f")"
            git cat-file blob "$prefix$f" > "$dest/$f"
            found=0
        fi
    done
    return $found
}
