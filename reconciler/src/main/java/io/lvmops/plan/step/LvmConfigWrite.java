package io.lvmops.plan.step;

import io.lvmops.observe.LockSetup;
import io.lvmops.observe.NodeLvmConfig;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

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

    public static final String SCRIPT = "f=$1; want=$2; tmp=$f.lvmops.tmp; "
            + "if [ -e \"$f\" ]; then have=$(sha256sum < \"$f\") || exit 1; have=${have%% *}; else have=absent; fi; "
            + "if [ \"$have\" != \"$want\" ]; then echo \"$f changed since lvmops observed it; plan again\" >&2; "
            + "exit 3; fi; "
            + "mkdir -p \"${f%/*}\" && cat > \"$tmp\" || exit 1; "
            + "if [ -e \"$f\" ]; then chmod --reference=\"$f\" \"$tmp\" && chown --reference=\"$f\" \"$tmp\"; "
            + "else chmod 0644 \"$tmp\"; fi || exit 1; "
            + "mv -f \"$tmp\" \"$f\" || exit 1; "
            + "case $f in /etc/systemd/*) if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi;; esac";

    /**
     * The only files lvmops writes: a config write of any other path cannot exist (a plan file naming one, e.g.
     * {@code /etc/cron.d/x}, fails to load).
     */
    public static final Set<String> MANAGED_FILES = Set.of(NodeLvmConfig.LVMLOCAL_CONF, LockSetup.SANLOCK_DROP_IN,
            LockSetup.WATCHDOG_MODULES);

    public LvmConfigWrite {
        if (!MANAGED_FILES.contains(path)) {
            throw new IllegalArgumentException("a configuration write of " + path + " on " + node + ": not a file "
                    + "lvmops manages (only " + String.join(", ", new java.util.TreeSet<>(MANAGED_FILES)) + ")");
        }
        diff = List.copyOf(diff == null ? List.of() : diff);
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
