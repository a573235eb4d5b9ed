package io.lvmops.model;

/**
 * A shared block device, named as every node sees it.
 *
 * @param path  absolute {@code /dev} path, identical on every node (e.g. a multipath alias)
 * @param iscsi where the nodes log in to see it; null when the device is already present on the nodes
 * @param wwid  the device's SCSI identity as the operator knows it (any spelling {@link Wwid} accepts, kept
 *              normalised), checked against what every node sees; null when not given
 */
public record DeviceSpec(String name, String path, IscsiSpec iscsi, String wwid) {
    public DeviceSpec(String name, String path, IscsiSpec iscsi) {
        this(name, path, iscsi, null);
    }

    public DeviceSpec {
        Names.require(Names.vgNameProblem(name));
        if (wwid != null) {
            Names.require(Wwid.problem(wwid));
            wwid = Wwid.normalize(wwid);
        }
        Names.require(PathRules.devicePathProblem(path));
    }
}
