package io.lvmops.plan.step;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Replaces a node's configuration file that lvmops manages (LVM's lvmlocal.conf block, its own drop-in for
 * sanlock.service, its modules-load.d file) with {@code content} (sent on standard input), atomically (a temporary
 * file renamed over it, keeping the old file's mode and owner; a missing directory is created) and only if the file
 * is still what the plan saw: its SHA-256 must equal {@code expectedSha256} ({@code absent} for a missing file),
 * otherwise the step fails without writing, because a person or another tool changed it since. A file under
 * {@code /etc/systemd} is followed by {@code systemctl daemon-reload} where systemd runs.
 *
 * @param diff the unified diff of the change, shown under the step in the plan
 */
public record LvmConfigWrite(String node, String path, String expectedSha256, String content, List<String> diff,
                             String reason) implements Step {
    public static final String ABSENT = "absent";

    static final String SCRIPT = "f=$1; want=$2; tmp=$f.lvmops.tmp; "
            + "if [ -e \"$f\" ]; then have=$(sha256sum < \"$f\") || exit 1; have=${have%% *}; else have=absent; fi; "
            + "if [ \"$have\" != \"$want\" ]; then echo \"$f changed since lvmops observed it; plan again\" >&2; "
            + "exit 3; fi; "
            + "mkdir -p \"${f%/*}\" && cat > \"$tmp\" || exit 1; "
            + "if [ -e \"$f\" ]; then chmod --reference=\"$f\" \"$tmp\" && chown --reference=\"$f\" \"$tmp\"; "
            + "else chmod 0644 \"$tmp\"; fi || exit 1; "
            + "mv -f \"$tmp\" \"$f\" || exit 1; "
            + "case $f in /etc/systemd/*) if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi;; esac";

    public LvmConfigWrite {
        diff = List.copyOf(diff);
    }

    @Override
    public Action action() {
        return Action.CHANGE;
    }

    @Override
    public List<String> argv() {
        return List.of("sh", "-c", SCRIPT, "lvmops-config-write", path, expectedSha256);
    }

    @Override
    public byte[] stdin() {
        return content.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public List<String> details() {
        return diff;
    }
}
