package io.lvmops.packaging;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code systemd-analyze verify UNIT}, reduced to what is wrong with the unit file itself. Outside a machine booted
 * with systemd, verify also complains about the missing manager and about units this one merely names (targets);
 * those lines do not start with the unit's own name, while every problem of the file does
 * ({@code lvmops.service: ...} or {@code /path/lvmops.service:LINE: ...}).
 */
final class UnitVerifier {

    private UnitVerifier() {
    }

    /** The lines of {@code systemd-analyze verify} that are about {@code unit}'s own file; none for a good unit. */
    static List<String> problems(Path unit) {
        Shell verify = Shell.run("systemd-analyze", "verify", unit.toString());
        String name = unit.getFileName().toString();
        return verify.output().lines()
                .filter(line -> line.startsWith(name + ":") || line.startsWith(unit + ":"))
                .toList();
    }
}
