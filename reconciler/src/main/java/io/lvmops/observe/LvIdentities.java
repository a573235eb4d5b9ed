package io.lvmops.observe;

import io.lvmops.model.DeviceSpec;
import io.lvmops.model.Spec;
import io.lvmops.model.VolumeGroupSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who a device-mapper device or a mount source is, for {@link NodeUsage}: the spec's LVs by their dm UUID
 * ({@code LVM-} + VG UUID + LV UUID, dashes removed, as LVM names its devices) as the fleet's LVM reports give them —
 * so that a node whose own LVM is blind to a VG is still known to map its LVs, even under an old name — and, as a
 * fallback, by dm name ({@code VG-LV}, dashes inside names doubled, then an optional layer such as {@code -real}).
 */
public final class LvIdentities {
    /** @param top the LV's own device (not a layer below it such as {@code -real} or {@code -cow}) */
    public record VgLv(String vg, String lv, boolean top) {
        String key() {
            return LvIdentities.key(vg, lv);
        }
    }

    private static final int LVM_UUID_LENGTH = "LVM-".length() + 32 + 32;

    private final Map<String, VgLv> byDmUuid;
    private final Set<String> existingVgs;
    private final Map<String, List<String>> devicesOfVg;

    private LvIdentities(Map<String, VgLv> byDmUuid, Set<String> existingVgs, Map<String, List<String>> devicesOfVg) {
        this.byDmUuid = byDmUuid;
        this.existingVgs = existingVgs;
        this.devicesOfVg = devicesOfVg;
    }

    /**
     * Indexes the spec's VGs as the first reachable node (in the given order) whose LVM lists each reports them:
     * their metadata is on the shared disk, the same wherever it is read.
     */
    public static LvIdentities of(Spec spec, List<NodeObservation> nodes) {
        Map<String, List<String>> devicesOfVg = new HashMap<>();
        for (VolumeGroupSpec vg : spec.volumeGroups()) {
            List<String> paths = new ArrayList<>();
            for (String d : vg.devices()) {
                spec.device(d).map(DeviceSpec::path).ifPresent(paths::add);
            }
            devicesOfVg.putIfAbsent(vg.name(), paths);
        }
        Map<String, VgLv> byDmUuid = new HashMap<>();
        Set<String> existing = new HashSet<>();
        for (NodeObservation n : nodes) {
            if (!n.reachable()) {
                continue;
            }
            Map<String, String> vgUuids = new HashMap<>();
            for (ObservedVg vg : n.vgs()) {
                if (devicesOfVg.containsKey(vg.name()) && existing.add(vg.name())) {
                    vgUuids.put(vg.name(), vg.uuid() == null ? "" : vg.uuid().replace("-", ""));
                }
            }
            if (vgUuids.isEmpty()) {
                continue;
            }
            List<ObservedLv> lvs = n.lvs();
            for (int i = 0, size = lvs.size(); i < size; i++) {
                ObservedLv lv = lvs.get(i);
                String vgUuid = vgUuids.get(lv.vg());
                if (vgUuid != null && !vgUuid.isEmpty() && lv.uuid() != null && !lv.uuid().isEmpty()) {
                    byDmUuid.put("LVM-" + vgUuid + lv.uuid().replace("-", ""), new VgLv(lv.vg(), lv.name(), true));
                }
            }
        }
        return new LvIdentities(byDmUuid, existing, devicesOfVg);
    }

    /** Only one node's own knowledge (the verification before an owner activates re-observes one node). */
    public static LvIdentities of(Spec spec, NodeObservation node) {
        return of(spec, List.of(node));
    }

    static String key(String vg, String lv) {
        return vg + "/" + lv;
    }

    /** Whether some reachable node's LVM lists this spec VG. */
    boolean exists(String vg) {
        return existingVgs.contains(vg);
    }

    /** The spec's device paths of the VG. */
    List<String> devicesOf(String vg) {
        return devicesOfVg.getOrDefault(vg, List.of());
    }

    /** The LV a device-mapper device belongs to, or null when it is not an LV's (a multipath map, a crypt device). */
    public VgLv ofDm(DmDevice d) {
        String uuid = d.uuid() == null ? "" : d.uuid();
        if (uuid.startsWith("LVM-") && uuid.length() >= LVM_UUID_LENGTH) {
            VgLv known = byDmUuid.get(uuid.substring(0, LVM_UUID_LENGTH));
            if (known != null) {
                return new VgLv(known.vg(), known.lv(), uuid.length() == LVM_UUID_LENGTH);
            }
        } else if (!uuid.isEmpty() && !uuid.startsWith("LVM-")) {
            return null;
        }
        return ofDmName(d.name());
    }

    /** A mount source that names an LV: /dev/mapper/VG-LV or /dev/VG/LV; null otherwise. */
    public static VgLv ofPath(String source) {
        if (source == null) {
            return null;
        }
        if (source.startsWith("/dev/mapper/")) {
            return ofDmName(source.substring("/dev/mapper/".length()));
        }
        if (source.startsWith("/dev/")) {
            String[] parts = source.substring("/dev/".length()).split("/", -1);
            if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty() && !parts[0].equals("mapper")) {
                return new VgLv(parts[0], parts[1], true);
            }
        }
        return null;
    }

    /**
     * LVM's own sub-LV name suffixes (lvcreate(8) reserves them): a device of such a sub-LV is in use for its parent
     * LV (a thin pool's {@code pool_tdata} is the pool's).
     */
    private static final java.util.regex.Pattern SUB_LV = java.util.regex.Pattern.compile(
            "_(cdata|cmeta|corig|mlog|mimage(_\\d+)?|pmspare|rimage(_\\d+)?|rmeta(_\\d+)?|tdata|tmeta|vorigin|vdata|wcorig)"
                    + ".*$");

    /** lvmlockd's internal LV of a shared VG: mapped on every node that joined the VG's lockspace, never a user's. */
    static final String LVMLOCKD_LV = "lvmlock";

    /**
     * Decodes a dm name: parts joined by single dashes, a dash inside a part doubled; VG, LV, then layers. A sub-LV
     * stands for its parent; lvmlockd's own LV and names that are no LV's give null.
     */
    static VgLv ofDmName(String name) {
        List<String> parts = new ArrayList<>(3);
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '-' && i + 1 < name.length() && name.charAt(i + 1) == '-') {
                part.append('-');
                i++;
            } else if (c == '-') {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        if (parts.size() < 2 || parts.get(0).isEmpty() || parts.get(1).isEmpty()
                || parts.get(1).equals(LVMLOCKD_LV)) {
            return null;
        }
        String lv = parts.get(1);
        String parent = SUB_LV.matcher(lv).replaceFirst("");
        if (parent.isEmpty()) {
            return null;
        }
        return new VgLv(parts.get(0), parent, parts.size() == 2 && parent.equals(lv));
    }
}
