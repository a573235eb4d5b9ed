package io.lvmops.observe;

import io.lvmops.model.Guard;
import io.lvmops.model.Spec;
import io.lvmops.model.VolumeGroupSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a node's LVM configuration makes LVM itself enforce the spec's guards, and if not, why. Pure. The
 * binding of {@code guard: tags}: every managed LV carries {@code lvmops_owner_<node>}, and the node's
 * {@code activation/volume_list} admits {@code @lvmops_owner_<node>} (LVM matches {@code @tag} against the LV's and
 * its VG's tags) plus only VGs lvmops does not guard by tags, so {@code lvchange -ay}, {@code vgchange -ay} and udev's
 * autoactivation all refuse an LV tagged for another node.
 */
public final class GuardCheck {
    public static final String OWNER_TAG_PREFIX = "lvmops_owner_";
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    private GuardCheck() {
    }

    public static String ownerTag(String node) {
        return OWNER_TAG_PREFIX + node;
    }

    /** The reasons the node does not enforce the guards of the spec's VGs; empty when it does. */
    public static List<String> problems(Spec spec, NodeObservation o) {
        List<String> problems = new ArrayList<>();
        if (!o.reachable()) {
            return problems; // reported as unreachable elsewhere
        }
        NodeLvmConfig c = o.lvmConfig();
        List<String> tagged = spec.volumeGroups().stream().filter(v -> v.guard() == Guard.TAGS)
                .map(VolumeGroupSpec::name).toList();
        boolean sanlock = spec.volumeGroups().stream().anyMatch(v -> v.guard() == Guard.SANLOCK);
        if (tagged.isEmpty() && !sanlock) {
            return problems;
        }
        if (c == null) {
            problems.add("its LVM configuration is unknown (lvmconfig not reported)");
            return problems;
        }
        if (!tagged.isEmpty()) {
            String tag = "@" + ownerTag(o.node());
            if (c.volumeList() == null) {
                problems.add("activation/volume_list is not set: any LV of " + String.join(", ", tagged)
                        + " can be activated here by hand, at login or at boot");
            } else {
                if (!c.volumeList().contains(tag)) {
                    problems.add("activation/volume_list lacks " + tag + ": its own LVs cannot be activated");
                }
                for (String entry : c.volumeList()) {
                    String admits = admitsTagged(entry, tag, tagged);
                    if (admits != null) {
                        problems.add("activation/volume_list entry \"" + entry + "\" admits " + admits);
                    }
                }
            }
            if (!supportsSetAutoactivation(o.lvmVersion())) {
                List<String> auto = c.autoActivationVolumeList();
                if (auto == null || auto.stream().anyMatch(e -> admitsTagged(e, null, tagged) != null)) {
                    problems.add("LVM " + o.lvmVersion() + " has no per-VG autoactivation switch and "
                            + "activation/auto_activation_volume_list does not exclude " + String.join(", ", tagged));
                }
            }
        }
        if (sanlock) {
            if (!c.useLvmlockd()) {
                problems.add("global/use_lvmlockd is 0: guard: sanlock VGs are not locked");
            }
            int position = 1 + spec.nodes().stream().map(n -> n.name()).toList().indexOf(o.node());
            if (c.hostId() != position) {
                problems.add("local/host_id is " + c.hostId() + ", the spec gives " + o.node() + " host id "
                        + position + " (its position among the nodes; sanlock needs it unique, 1-2000)");
            }
            for (String d : List.of("wdmd", "sanlock", "lvmlockd")) {
                if (!c.lockDaemons().isEmpty() && !c.daemonRunning(d)) {
                    problems.add(d + " is not running");
                }
            }
            LockSetup s = c.lockSetup();
            if (s != null && c.daemonRunning("sanlock") && Boolean.FALSE.equals(s.sanlockWatchdog())) {
                problems.add("sanlock runs without the watchdog: a node that loses its storage is not fenced");
            }
            if (s != null && c.daemonRunning("sanlock") && s.sanlockName() != null
                    && !s.sanlockName().equals(o.node())) {
                problems.add("sanlock runs as " + s.sanlockName() + ", not " + o.node() + ": after a restart its "
                        + "host id comes back only once the old lease expired");
            }
            if (s != null && s.systemctl() && !s.unitsNotEnabled().isEmpty()) {
                problems.add(String.join(", ", s.unitsNotEnabled().stream().map(u -> u + ".service").toList())
                        + " not enabled: the lock daemons or lockspaces do not come back at boot");
            }
        }
        return problems;
    }

    /** What a volume_list entry admits of the tag-guarded VGs beyond {@code ownTag}; null when nothing. */
    static String admitsTagged(String entry, String ownTag, List<String> taggedVgs) {
        if (entry.equals(ownTag)) {
            return null;
        }
        if (entry.equals("@*")) {
            return "every LV carrying a host tag";
        }
        if (entry.startsWith("@" + OWNER_TAG_PREFIX)) {
            return "the LVs of node " + entry.substring(1 + OWNER_TAG_PREFIX.length());
        }
        int slash = entry.indexOf('/');
        String vg = slash < 0 ? entry : entry.substring(0, slash);
        if (taggedVgs.contains(vg)) {
            return slash < 0 ? "every LV of " + vg : entry;
        }
        return null;
    }

    /** LVM >= 2.03.12 has {@code --setautoactivation}. Unknown version: false (assume the old behaviour). */
    public static boolean supportsSetAutoactivation(String lvmVersion) {
        if (lvmVersion == null) {
            return false;
        }
        Matcher m = VERSION.matcher(lvmVersion);
        if (!m.find()) {
            return false;
        }
        int[] v = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
        int[] min = {2, 3, 12};
        for (int i = 0; i < 3; i++) {
            if (v[i] != min[i]) {
                return v[i] > min[i];
            }
        }
        return true;
    }
}
