package io.lvmops.observe;

import io.lvmops.model.DeviceSpec;
import io.lvmops.model.Spec;
import io.lvmops.model.VolumeGroupSpec;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The apply-time half of {@link DeviceIdentityCheck}: right before the first write to a device that no node had seen
 * when the plan was made, every listed node must see it, see it blank, and all of them the same disk.
 */
public final class SameDevice {
    private SameDevice() {
    }

    /** Why the nodes' fresh observations do not agree on the spec device at {@code path}, or null when they do. */
    public static String problem(Spec spec, String path, List<NodeObservation> seen) {
        DeviceSpec device = spec.devices().stream().filter(d -> d.path().equals(path)).findFirst().orElse(null);
        if (device == null) {
            return path + " is not a device of the spec (a plan made from another spec?)";
        }
        for (NodeObservation o : seen) {
            DeviceProbe p = o.device(path).orElse(null);
            if (p == null || !p.exists()) {
                return o.node() + " does not see " + path + " after its login, so its view cannot be compared";
            }
            if (!p.blank()) {
                return o.node() + " sees " + (p.signatureType() == null ? "unreadable content"
                        : "a '" + p.signatureType() + "' signature") + " on " + path + ": not initialised";
            }
        }
        Set<String> vgs = spec.volumeGroups().stream().filter(v -> v.devices().contains(device.name()))
                .map(VolumeGroupSpec::name).collect(Collectors.toSet());
        return DeviceIdentityCheck.check(spec, seen).stream()
                .filter(p -> p.subject().equals("device " + device.name())
                        || p.vgs().stream().anyMatch(vgs::contains))
                .map(DeviceIdentityCheck.Problem::message).findFirst().orElse(null);
    }
}
