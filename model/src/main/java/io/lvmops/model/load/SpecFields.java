package io.lvmops.model.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The keys of spec v1, per kind of mapping: the one table the loader checks keys against and the JSON Schema is
 * tested against ({@code lvmops-spec-v1.schema.json}), so the two cannot drift apart.
 */
public final class SpecFields {

    /** The kinds of mapping in a spec; {@link #SPEC} is the top level of each file. */
    public static final String SPEC = "spec";
    public static final String NODE = "node";
    public static final String DEVICE = "device";
    public static final String ISCSI = "iscsi";
    public static final String VOLUME_GROUP = "volumeGroup";
    public static final String LOGICAL_VOLUME = "logicalVolume";
    public static final String FILESYSTEM = "filesystem";

    public enum Type { STRING, INTEGER, BOOLEAN, SIZE, ENUM, STRING_LIST, OBJECT, OBJECT_LIST }

    /**
     * @param defaultValue the default as written in YAML, or null when the field has none
     * @param values       the allowed values of an {@link Type#ENUM}
     * @param kind         for OBJECT / OBJECT_LIST: the kind of the nested mapping(s)
     */
    public record Field(String name, Type type, boolean required, String defaultValue, List<String> values,
                        String kind, String description) {
    }

    private static final Map<String, List<Field>> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put(SPEC, List.of(
                req("apiVersion", Type.STRING, "The spec format version; must be lvmops/v1 in every file."),
                objects("nodes", NODE, "The Linux nodes that see the shared devices, reached over SSH."),
                objects("devices", DEVICE, "The shared block devices (iSCSI LUNs) every node sees."),
                objects("volumeGroups", VOLUME_GROUP, "LVM volume groups on the shared devices."),
                objects("logicalVolumes", LOGICAL_VOLUME, "Logical volumes, each with exactly one owner node."),
                opt("retiredNodes", Type.STRING_LIST, null, "Nodes removed from the fleet for good (powered off or "
                        + "cut off from the storage). An LV whose owner tag names a node that is neither in nodes nor "
                        + "here is treated as possibly active there, and nothing activates it elsewhere.")));
        KINDS.put(NODE, List.of(
                req("name", Type.STRING, "Unique node name: letters, digits, '.', '-', '_'."),
                req("host", Type.STRING, "Host name or IP address to reach the node over SSH."),
                opt("port", Type.INTEGER, "22", "SSH port, 1-65535."),
                opt("user", Type.STRING, "root", "SSH user."),
                opt("identityFile", Type.STRING, null,
                        "Private key file (absolute or ~/ path); default: the SSH client's keys and ssh-agent."),
                opt("knownHostsFile", Type.STRING, null,
                        "known_hosts file (absolute or ~/ path) used to verify the node's host key; default: "
                                + "~/.ssh/known_hosts."),
                opt("sudo", Type.BOOLEAN, "false", "Run every command through 'sudo -n'."),
                opt("fenced", Type.BOOLEAN, "false",
                        "An operator's declaration that this dead node is fenced and holds nothing active.")));
        KINDS.put(DEVICE, List.of(
                req("name", Type.STRING, "Unique device name, referenced by volume groups."),
                req("path", Type.STRING, "Absolute /dev path under which every node sees the device."),
                object("iscsi", ISCSI, "Optional: the iSCSI target lvmops logs every node in to."),
                opt("wwid", Type.STRING, null, "Optional: the device's SCSI WWID (3600..., naa.600..., mpath-3600... "
                        + "or wwn-0x600...); every node must see exactly this device under the path.")));
        KINDS.put(ISCSI, List.of(
                req("portal", Type.STRING, "host[:port] of the iSCSI portal; port 3260 by default; IPv6 as [addr]:port."),
                req("target", Type.STRING, "Target IQN, iqn.YYYY-MM.reverse.domain[:id]."),
                req("lun", Type.INTEGER, "Logical unit number, 0-16383.")));
        KINDS.put(VOLUME_GROUP, List.of(
                req("name", Type.STRING, "Unique VG name (LVM rules)."),
                req("devices", Type.STRING_LIST, "Names of the devices that become this VG's physical volumes."),
                opt("extentSize", Type.SIZE, null, "Physical extent size (a power of two, at least 1K); default: LVM's."),
                new Field("guard", Type.ENUM, false, "tags", List.of("tags", "sanlock", "none"), null,
                        "How LVM itself refuses a non-owner: tags (owner tags + volume_list), sanlock (lvmlockd), none."),
                opt("metadataNode", Type.STRING, null,
                        "The node that holds this VG's lock and runs its metadata changes (no other node does); default: the "
                                + "first node in spec order. Required when that node is fenced.")));
        KINDS.put(LOGICAL_VOLUME, List.of(
                req("name", Type.STRING, "LV name (LVM rules), unique within its VG."),
                req("vg", Type.STRING, "The volume group this LV lives in."),
                req("size", Type.SIZE, "Binary size as LVM's -L: K M G T P or KiB..PiB, decimals allowed; plain integers are bytes."),
                req("owner", Type.STRING, "The one node on which this LV may be active."),
                object("filesystem", FILESYSTEM, "Optional: a filesystem, mounted on the owner only."),
                new Field("state", Type.ENUM, false, "present", List.of("present", "absent"), null,
                        "present (default) or absent (lvmops removes the LV only when also asked on the command line).")));
        KINDS.put(FILESYSTEM, List.of(
                new Field("type", Type.ENUM, true, null, List.of("ext4", "xfs"), null, "Filesystem type."),
                req("mountPoint", Type.STRING, "Absolute mount point on the owner node, used once per node.")));
    }

    private SpecFields() {
    }

    /** The kinds, in spec order: spec, node, device, iscsi, volumeGroup, logicalVolume, filesystem. */
    public static Set<String> kinds() {
        return KINDS.keySet();
    }

    public static List<Field> of(String kind) {
        List<Field> fields = KINDS.get(kind);
        if (fields == null) {
            throw new IllegalArgumentException("no such kind of spec mapping: " + kind);
        }
        return fields;
    }

    public static List<String> keys(String kind) {
        return of(kind).stream().map(Field::name).toList();
    }

    public static Set<String> requiredKeys(String kind) {
        return of(kind).stream().filter(Field::required).map(Field::name).collect(Collectors.toSet());
    }

    private static Field req(String name, Type type, String description) {
        return new Field(name, type, true, null, List.of(), null, description);
    }

    private static Field opt(String name, Type type, String defaultValue, String description) {
        return new Field(name, type, false, defaultValue, List.of(), null, description);
    }

    private static Field object(String name, String kind, String description) {
        return new Field(name, Type.OBJECT, false, null, List.of(), kind, description);
    }

    private static Field objects(String name, String kind, String description) {
        return new Field(name, Type.OBJECT_LIST, false, null, List.of(), kind, description);
    }
}
