package io.lvmops.model;

/**
 * A shared block device, named as every node sees it.
 *
 * @param path  absolute {@code /dev} path, identical on every node (e.g. a multipath alias)
 * @param iscsi where the nodes log in to see it; null when the device is already present on the nodes
 */
public record DeviceSpec(String name, String path, IscsiSpec iscsi) {
    public DeviceSpec {
        Names.require(Names.vgNameProblem(name));
        Names.require(PathRules.devicePathProblem(path));
    }
}
