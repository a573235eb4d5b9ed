package io.lvmops.observe;

import io.lvmops.model.NodeSpec;
import io.lvmops.model.Spec;
import io.lvmops.transport.CommandResult;
import io.lvmops.transport.Transport;
import io.lvmops.transport.TransportException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Observes one node with exactly one exec of {@link ObserveScript}. Whatever goes wrong (node unreachable, sh
 * failing, output truncated or garbled, LVM's report unreadable), the node comes back unreachable with the reason,
 * never as a node with nothing on it. Tools that only add detail (iscsiadm, dmsetup, blkid) failing are warnings.
 */
public final class LvmNodeObserver implements NodeObserver {
    private final Function<Spec, ObserveScript> scripts;

    public LvmNodeObserver() {
        this(ObserveScript::forSpec);
    }

    /** For tests: a fixed script (nonce). */
    public LvmNodeObserver(Function<Spec, ObserveScript> scripts) {
        this.scripts = scripts;
    }

    @Override
    public NodeObservation observe(Spec spec, NodeSpec node, Transport transport) {
        ObserveScript script = scripts.apply(spec);
        CommandResult result;
        try {
            result = transport.run(script.command());
        } catch (TransportException e) {
            return NodeObservation.unreachable(node.name(), e.getMessage());
        } catch (RuntimeException e) {
            return NodeObservation.unreachable(node.name(), "transport failed: " + e);
        }
        return interpret(node.name(), script, result);
    }

    /** Turns the exec's result into an observation; pure, so that captured outputs can be replayed in tests. */
    public static NodeObservation interpret(String node, ObserveScript script, CommandResult result) {
        if (result.exitCode() != 0) {
            return NodeObservation.unreachable(node, "the observe script exited with " + result.exitCode()
                    + firstLine(result.stderr()));
        }
        try {
            return fromOutput(node, script.probePaths(), script.filesystems(),
                    ObserveOutput.parse(result.stdout(), script.nonce()));
        } catch (ObserveOutputException | LvmReportException e) {
            return NodeObservation.unreachable(node, e.getMessage() + firstLine(result.stderr()));
        } catch (IllegalArgumentException e) {
            // a value no parser accepts (an lv_attr too short, a number out of range): the node's state is unknown
            return NodeObservation.unreachable(node, "unreadable observation output: " + e.getMessage());
        }
    }

    static NodeObservation fromOutput(String node, List<String> probePaths,
                                      List<ObserveScript.FilesystemProbe> filesystems, ObserveOutput out)
            throws ObserveOutputException, LvmReportException {
        Set<String> warnings = new LinkedHashSet<>();
        String hostname = required(out, "hostname").stdout().strip();
        ObserveOutput.Section version = required(out, "lvm-version");
        String lvmVersion = LvmVersionParser.parse(version.stdout()).orElse(null);
        if (version.exitCode() != 0 || lvmVersion == null) {
            throw new LvmReportException("'lvm version' failed (exit " + version.exitCode() + ")"
                    + firstLine(version.stderr()) + ": LVM state unknown");
        }
        LvmReport report = lvmReport(out, warnings);
        for (ObservedLv lv : report.lvs()) {
            if (LvStates.stateUnknown(lv.attr(), "")) {
                warnings.add(lv.fullName() + ": LVM cannot tell whether it is active here (lv_attr " + lv.attr()
                        + "); counted as active");
            }
        }

        ObserveOutput.Section mounts = required(out, "mountinfo");
        if (mounts.exitCode() != 0) {
            throw new LvmReportException("reading /proc/self/mountinfo failed (exit " + mounts.exitCode() + ")"
                    + firstLine(mounts.stderr()));
        }

        ObserveOutput.Section iscsi = required(out, "iscsi-sessions");
        List<IscsiSession> sessions = IscsiSessionParser.parse(iscsi.stdout());
        if (iscsi.exitCode() != 0 && iscsi.exitCode() != IscsiSessionParser.NO_SESSIONS) {
            warnings.add("iscsiadm -m session failed (exit " + iscsi.exitCode() + ")" + firstLine(iscsi.stderr())
                    + ": iSCSI sessions unknown");
        }

        ObserveOutput.Section dm = required(out, "dmsetup");
        List<DmDevice> dmDevices = List.of();
        String dmError = null;
        if (dm.exitCode() == 0) {
            try {
                dmDevices = DmsetupParser.parse(dm.stdout());
            } catch (LvmReportException e) {
                dmError = e.getMessage();
            }
        } else {
            dmError = "dmsetup info exited " + dm.exitCode() + firstLine(dm.stderr());
        }
        if (dmError != null) {
            // not fatal for the node, but every spec VG's LVs are unknown on it (see NodeUsage)
            warnings.add(dmError + ": device-mapper devices unknown");
        }

        List<DeviceProbe> devices = new ArrayList<>();
        for (int i = 0; i < probePaths.size(); i++) {
            ObserveOutput.Section probe = required(out, "probe." + i);
            DeviceProbe p = BlkidParser.parse(probePaths.get(i), probe.stdout(), probe.exitCode());
            if (p.exists() && p.signatureType() == null) {
                warnings.add("blkid -p " + probePaths.get(i) + " exited " + probe.exitCode()
                        + firstLine(probe.stderr()) + ": signature unknown");
            }
            devices.add(p);
        }
        filesystemSizes(out, filesystems, devices, warnings);
        NodeLvmConfig lvmConfig = guardConfig(out, warnings);
        return new NodeObservation(node, true, null, hostname, lvmVersion, report.pvs(), report.vgs(), report.lvs(),
                sessions, MountInfoParser.parse(mounts.stdout()), devices, dmDevices, List.copyOf(warnings),
                lvmConfig, dmError);
    }

    /**
     * Attaches each {@code fs.N} section's filesystem size to the probe of its LV. A section is there only where the
     * LV is active; one that failed (a missing dumpe2fs or xfs_info, an unreadable superblock) leaves the size
     * unknown, with a warning when the LV does carry that filesystem (a blank LV about to be formatted needs none).
     */
    private static void filesystemSizes(ObserveOutput out, List<ObserveScript.FilesystemProbe> filesystems,
                                        List<DeviceProbe> devices, Set<String> warnings) {
        for (int j = 0; j < filesystems.size(); j++) {
            ObserveOutput.Section section = out.section("fs." + j).orElse(null);
            if (section == null) {
                continue;
            }
            ObserveScript.FilesystemProbe fs = filesystems.get(j);
            int at = -1;
            for (int i = 0; i < devices.size(); i++) {
                if (devices.get(i).path().equals(fs.path())) {
                    at = i;
                }
            }
            DeviceProbe probe = at < 0 ? null : devices.get(at);
            ObservedFilesystem size = section.exitCode() == 0
                    ? FilesystemSizeParser.parse(fs.type(), section.stdout()).orElse(null) : null;
            if (size != null && probe != null) {
                devices.set(at, probe.withFilesystem(size));
            } else if (size == null && probe != null && fs.type().equals(probe.signatureType())) {
                String tool = fs.type().equals("xfs") ? "xfs_info " : "dumpe2fs -h ";
                warnings.add(tool + fs.path() + " exited " + section.exitCode() + toolMessage(section.stderr())
                        + ": the size of its filesystem is unknown (a grow that an earlier apply left undone is "
                        + "not seen)");
            }
        }
    }

    /** The guard's configuration; null (unknown, so never "enforced") when lvmconfig failed or was not run. */
    private static NodeLvmConfig guardConfig(ObserveOutput out, Set<String> warnings) {
        ObserveOutput.Section conf = out.section("lvm-guard-config").orElse(null);
        ObserveOutput.Section local = out.section("lvmlocal-conf").orElse(null);
        if (conf == null || local == null) {
            return null;
        }
        if (conf.exitCode() != 0) {
            warnings.add("lvmconfig failed (exit " + conf.exitCode() + ")" + firstLine(conf.stderr())
                    + ": the guard configuration is unknown");
            return null;
        }
        String lvmlocal = local.exitCode() == 0 ? local.stdout() : null;
        if (lvmlocal == null && !local.stderr().contains("No such file")) {
            warnings.add("reading " + NodeLvmConfig.LVMLOCAL_CONF + " failed" + firstLine(local.stderr())
                    + ": the guard configuration is unknown");
            return null;
        }
        try {
            return NodeLvmConfigParser.parse(conf.stdout(), lvmlocal,
                    out.section("lock-daemons").map(ObserveOutput.Section::stdout).orElse(""),
                    fileText(out, "sanlock-dropin"), fileText(out, "watchdog-modules"));
        } catch (LvmReportException e) {
            warnings.add(e.getMessage() + ": the guard configuration is unknown");
            return null;
        }
    }

    /** A file lvmops owns, as {@code cat} printed it; null when absent (or unreadable: then rewritten). */
    private static String fileText(ObserveOutput out, String section) {
        return out.section(section).filter(s -> s.exitCode() == 0).map(ObserveOutput.Section::stdout).orElse(null);
    }

    private static LvmReport lvmReport(ObserveOutput out, Set<String> warnings)
            throws ObserveOutputException, LvmReportException {
        if (out.section("fullreport").isPresent()) {
            ObserveOutput.Section fr = out.section("fullreport").get();
            addLvmWarnings(fr, warnings);
            // LVM exits 5 for e.g. a partial VG yet prints a full report: trust the report if it parses
            try {
                return FullReportParser.parse(fr.stdout());
            } catch (LvmReportException e) {
                throw new LvmReportException("lvm fullreport failed (exit " + fr.exitCode() + ")"
                        + firstLine(fr.stderr()) + ": " + e.getMessage(), e);
            }
        }
        ObserveOutput.Section pvs = required(out, "pvs");
        ObserveOutput.Section vgs = required(out, "vgs");
        ObserveOutput.Section lvs = required(out, "lvs");
        for (ObserveOutput.Section s : List.of(pvs, vgs, lvs)) {
            addLvmWarnings(s, warnings);
            if (s.exitCode() != 0 && s.stdout().isBlank()) {
                throw new LvmReportException(s.name() + " failed (exit " + s.exitCode() + ")" + firstLine(s.stderr())
                        + ": LVM state unknown");
            }
        }
        return LegacyReportParser.parse(pvs.stdout(), vgs.stdout(), lvs.stdout());
    }

    private static void addLvmWarnings(ObserveOutput.Section s, Set<String> warnings) {
        for (String line : s.stderr().split("\n")) {
            if (!line.isBlank()) {
                warnings.add("lvm: " + line.strip());
            }
        }
    }

    private static ObserveOutput.Section required(ObserveOutput out, String name) throws ObserveOutputException {
        return out.section(name).orElseThrow(() ->
                new ObserveOutputException("the observation output has no '" + name + "' section"));
    }

    /** A tool's stderr on one line, without dumpe2fs' version banner ("dumpe2fs 1.47.0 (5-Feb-2023)"). */
    private static String toolMessage(String stderr) {
        String joined = String.join("; ", (stderr == null ? "" : stderr).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.matches("dumpe2fs \\d.*\\)")).toList());
        return joined.isEmpty() ? "" : ": " + joined;
    }

    private static String firstLine(String stderr) {
        String s = stderr == null ? "" : stderr.strip();
        if (s.isEmpty()) {
            return "";
        }
        int nl = s.indexOf('\n');
        return ": " + (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
