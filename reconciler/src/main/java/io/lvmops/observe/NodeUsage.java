package io.lvmops.observe;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What one node really uses of the spec's VGs: THE rule by which every part of lvmops decides whether an LV is active
 * on a node (the planner, the verification before an owner activates, {@code status}, the daemon's metrics and
 * notifications all call {@link #of}).
 *
 * <p>Device-mapper and the mount table are the truth; LVM's report is one view of it. An LV is active on a node when
 * device-mapper has a device of it (matched by its dm UUID {@code LVM-<vg uuid><lv uuid>}, else by its dm name), when
 * a mount uses it (by device number, else by path), or when LVM says so — whatever the others say. Its open count is
 * device-mapper's, and it counts as open when a mount uses it.
 *
 * <p>A VG's LVs are <em>unknown</em> on a node (never "inactive") when device-mapper could not be read there, when the
 * node's LVM report lacks the VG although the node has one of its devices, maps one of its LVs, or lists one of its
 * PVs (a filter or devices file hides the PV, the path is down with I/O queued, the report is partial), or when LVM
 * reported an error about the VG. Unknown blocks every activation elsewhere, exactly like an unreachable node.
 */
public final class NodeUsage {
    /**
     * One LV in use on the node.
     *
     * @param mapped    device-mapper has a device of it here
     * @param openCount device-mapper's open count of its top device (0 when it is not mapped)
     * @param mounts    the mounts that use it
     * @param lvm       LVM's record of it on this node, null when LVM here does not list it
     */
    public record LvUse(String vg, String lv, boolean mapped, int openCount, List<MountEntry> mounts,
                        ObservedLv lvm) {
        public LvUse {
            mounts = List.copyOf(mounts);
        }

        /** Held by a process or a mount (device-mapper's open count, the mount table, or LVM's open flag). */
        public boolean open() {
            return openCount > 0 || !mounts.isEmpty() || lvm != null && lvm.open();
        }

        public String fullName() {
            return vg + "/" + lv;
        }
    }

    /** LVM's warnings that say it could not read or trust a VG (not the lock notes of lvmlockd, which are normal). */
    private static final Pattern LVM_ERROR = Pattern.compile(
            "(?i)(not found|cannot|can't|couldn't|could not|failed|inconsistent|missing|error|corrupt|checksum|"
                    + "wrong|duplicate)");
    private static final Pattern LOCK_NOTE = Pattern.compile("(?i)(without a lock|lock skipped|lockspace)");

    private final String node;
    private final Map<String, Map<String, LvUse>> byVg;
    private final Map<String, String> unknownVgs;

    private NodeUsage(String node, Map<String, Map<String, LvUse>> byVg, Map<String, String> unknownVgs) {
        this.node = node;
        this.byVg = byVg;
        this.unknownVgs = unknownVgs;
    }

    /**
     * @param specVgs    the VGs whose knowledge matters (the spec's): only these can be unknown
     * @param identities the LVs' dm UUIDs as the fleet's LVM reports give them (a node blind to a VG still maps it
     *                   under the UUIDs the other nodes report)
     */
    public static NodeUsage of(NodeObservation n, Set<String> specVgs, LvIdentities identities) {
        Map<String, String> unknown = new LinkedHashMap<>();
        Map<String, Map<String, LvUse>> byVg = new HashMap<>();
        if (!n.reachable()) {
            for (String vg : specVgs) {
                unknown.put(vg, n.node() + " is unreachable (" + n.error() + ")");
            }
            return new NodeUsage(n.node(), byVg, unknown);
        }
        Map<String, Builder> lvs = new LinkedHashMap<>();
        // device-mapper: every device of an LV, its top device's open count and device number
        Map<String, Builder> byDevno = new HashMap<>();
        for (DmDevice d : n.dmDevices()) {
            LvIdentities.VgLv id = identities.ofDm(d);
            if (id == null) {
                continue;
            }
            Builder b = lvs.computeIfAbsent(id.key(), k -> new Builder(id.vg(), id.lv()));
            b.mapped = true;
            if (id.top()) {
                b.openCount = Math.max(b.openCount, d.openCount());
            }
            if (d.devno() != null) {
                byDevno.put(d.devno(), b);
            }
        }
        // the mount table: by device number where known (whatever path it was mounted by), else by path
        for (MountEntry m : n.mounts()) {
            Builder b = m.devno() == null ? null : byDevno.get(m.devno());
            if (b == null) {
                LvIdentities.VgLv id = LvIdentities.ofPath(m.source());
                if (id != null) {
                    b = lvs.computeIfAbsent(id.key(), k -> new Builder(id.vg(), id.lv()));
                }
            }
            if (b != null) {
                b.mounts.add(m);
            }
        }
        // LVM's view: its record of every LV it lists as active or open. Only those are looked up: a node may list
        // 10 000 LVs, all but a few inactive, and this runs for every node of every plan.
        List<ObservedLv> reported = n.lvs();
        for (int i = 0, size = reported.size(); i < size; i++) {
            ObservedLv lv = reported.get(i);
            if (lv.active() || lv.open()) {
                lvs.computeIfAbsent(LvIdentities.key(lv.vg(), lv.name()), k -> new Builder(lv.vg(), lv.name())).lvm = lv;
            }
        }
        for (Builder b : lvs.values()) {
            byVg.computeIfAbsent(b.vg, k -> new HashMap<>()).put(b.lv, b.build());
        }
        unknownVgs(n, specVgs, byVg, identities, unknown);
        return new NodeUsage(n.node(), byVg, unknown);
    }

    private static void unknownVgs(NodeObservation n, Set<String> specVgs, Map<String, Map<String, LvUse>> byVg,
                                   LvIdentities identities, Map<String, String> unknown) {
        if (n.dmError() != null) {
            for (String vg : specVgs) {
                unknown.put(vg, "device-mapper could not be read on " + n.node() + " (" + n.dmError() + ")");
            }
            return;
        }
        for (String vg : specVgs) {
            if (n.vg(vg).isPresent()) {
                String error = lvmError(n, vg);
                if (error != null) {
                    unknown.put(vg, "LVM on " + n.node() + " reported an error for " + vg + ": " + error);
                }
                continue;
            }
            Map<String, LvUse> mapped = byVg.get(vg);
            if (mapped != null && !mapped.isEmpty()) {
                unknown.put(vg, "device-mapper on " + n.node() + " maps " + String.join(", ",
                        mapped.values().stream().map(LvUse::fullName).sorted().toList()) + " but LVM there does not "
                        + "list " + vg + " (a filter or devices file hides its PV, or its path is down)");
                continue;
            }
            String pv = n.pvs().stream().filter(p -> p.vg().equals(vg)).map(ObservedPv::name).findFirst().orElse(null);
            if (pv != null) {
                unknown.put(vg, "LVM on " + n.node() + " lists PV " + pv + " of " + vg + " but not the VG itself");
                continue;
            }
            for (String device : identities.devicesOf(vg)) {
                DeviceProbe p = n.device(device).orElse(null);
                // a blank device holds no VG yet: nothing of it can be in use (unless other nodes see the VG on it)
                if (p == null || !p.exists() || p.blank() && !identities.exists(vg)) {
                    continue;
                }
                String content = p.signatureType() == null ? "content unknown" : p.blank() ? "no signature"
                        : "a '" + p.signatureType() + "' signature";
                if (n.pvs().stream().anyMatch(x -> x.name().equals(device) && x.vg().isEmpty())) {
                    // an orphan PV (a label, no VG metadata): a vgcreate that failed halfway leaves one, and so may
                    // another disk reached under this path; lvmops does not guess which
                    unknown.put(vg, "LVM on " + n.node() + " lists " + device + " as a PV of no VG (an orphan: a "
                            + "vgcreate that failed halfway leaves one, or it is another disk under this path)"
                            + (identities.exists(vg) ? " while other nodes see " + vg + " on it" : "")
                            + "; lvmops does not adopt it: check the disk, then pvremove it by hand if it is unwanted");
                    break;
                }
                unknown.put(vg, n.node() + " has " + device + " (" + content + ") but its LVM does not list " + vg
                        + (identities.exists(vg) ? ", which other nodes see" : "")
                        + " (a filter or devices file hides it, or its path is down)");
                break;
            }
        }
    }

    /** The first LVM warning of this node that names the VG and says something is wrong; null when none. */
    private static String lvmError(NodeObservation n, String vg) {
        Pattern named = Pattern.compile("(^|[^A-Za-z0-9_.+-])" + Pattern.quote(vg) + "($|[^A-Za-z0-9_.+-])");
        for (String w : n.warnings()) {
            if (w.startsWith("lvm: ") && named.matcher(w).find() && LVM_ERROR.matcher(w).find()
                    && !LOCK_NOTE.matcher(w).find()) {
                return w.substring("lvm: ".length());
            }
        }
        return null;
    }

    public String node() {
        return node;
    }

    /** The LV's use here, or null when it is not active here (and its VG is not unknown here). */
    public LvUse lv(String vg, String lv) {
        Map<String, LvUse> lvs = byVg.get(vg);
        return lvs == null ? null : lvs.get(lv);
    }

    /** The LVs in use here, in no particular order. */
    public Collection<LvUse> inUse() {
        List<LvUse> all = new ArrayList<>();
        byVg.values().forEach(m -> all.addAll(m.values()));
        return all;
    }

    /** Why the VG's LVs are unknown on this node, or null when they are known. */
    public String unknown(String vg) {
        return unknownVgs.get(vg);
    }

    /** VG name to the reason its LVs are unknown here. */
    public Map<String, String> unknownVgs() {
        return java.util.Collections.unmodifiableMap(unknownVgs);
    }

    private static final class Builder {
        final String vg;
        final String lv;
        boolean mapped;
        int openCount;
        final List<MountEntry> mounts = new ArrayList<>(1);
        ObservedLv lvm;

        Builder(String vg, String lv) {
            this.vg = vg;
            this.lv = lv;
        }

        LvUse build() {
            return new LvUse(vg, lv, mapped, openCount, mounts, lvm);
        }
    }
}
