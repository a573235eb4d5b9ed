package io.lvmops.model.load;

import io.lvmops.model.DeviceSpec;
import io.lvmops.model.FilesystemSpec;
import io.lvmops.model.FsType;
import io.lvmops.model.Guard;
import io.lvmops.model.IscsiSpec;
import io.lvmops.model.LogicalVolumeSpec;
import io.lvmops.model.LvState;
import io.lvmops.model.Names;
import io.lvmops.model.NodeSpec;
import io.lvmops.model.PathRules;
import io.lvmops.model.Size;
import io.lvmops.model.Spec;
import io.lvmops.model.VolumeGroupSpec;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Reads one file's node tree into {@link Entries}, checking each value on its own (cross-checks come later). */
final class SpecBinder {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_\\[:][A-Za-z0-9._:%\\[\\]-]*");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*\\$?");
    private static final long MIN_EXTENT = 1024;

    private final String file;
    private final Problems problems;
    private final Entries out;

    SpecBinder(String file, Problems problems, Entries out) {
        this.file = file;
        this.problems = problems;
        this.out = out;
    }

    void bind(Node root) {
        if (!(root instanceof MappingNode mapping)) {
            problems.add(SourceMark.of(file, root), "", "expected a mapping with apiVersion, nodes, devices, "
                    + "volumeGroups and logicalVolumes at the top level, got " + Describe.node(root));
            return;
        }
        MappingReader top = new MappingReader(file, "", mapping, SpecFields.SPEC, problems);
        Located<String> api = top.string("apiVersion");
        if (api.present() && !api.value().equals(Spec.API_VERSION)) {
            error(api, "'" + api.value() + "' is not supported; expected " + Spec.API_VERSION);
        }
        top.mappings("nodes", SpecFields.NODE).forEach(this::node);
        top.mappings("devices", SpecFields.DEVICE).forEach(this::device);
        top.mappings("volumeGroups", SpecFields.VOLUME_GROUP).forEach(this::volumeGroup);
        top.mappings("logicalVolumes", SpecFields.LOGICAL_VOLUME).forEach(this::logicalVolume);
        List<Located<String>> retired = top.strings("retiredNodes");
        if (retired != null) {
            retired.forEach(r -> out.retiredNodes.add(check(r, Names::nodeNameProblem)));
        }
    }

    private void node(MappingReader r) {
        Located<String> name = check(r.string("name"), Names::nodeNameProblem);
        Located<String> host = check(r.string("host"), h -> HOST.matcher(h).matches() ? null
                : "'" + h + "' is not a host name or IP address");
        Located<Integer> port = check(r.integer("port"), SpecBinder::portProblem);
        Located<String> user = check(r.string("user"), u -> USER.matcher(u).matches() ? null
                : "'" + u + "' is not a valid user name");
        Located<String> identity = check(r.string("identityFile"), SpecBinder::filePathProblem);
        Located<String> knownHosts = check(r.string("knownHostsFile"), SpecBinder::filePathProblem);
        Located<Boolean> sudo = r.bool("sudo");
        Located<Boolean> fenced = r.bool("fenced");
        NodeSpec spec = build(r, () -> new NodeSpec(name.value(), host.value(),
                port.present() ? port.value() : NodeSpec.DEFAULT_PORT, user.value(), identity.value(),
                knownHosts.value(), Boolean.TRUE.equals(sudo.value()), Boolean.TRUE.equals(fenced.value())));
        out.nodes.add(new Entries.NodeEntry(name, spec));
    }

    private void device(MappingReader r) {
        Located<String> name = check(r.string("name"), Names::vgNameProblem);
        Located<String> path = check(r.string("path"), SpecBinder::devicePathProblem);
        MappingReader iscsiReader = r.mapping("iscsi", SpecFields.ISCSI);
        IscsiSpec iscsi = iscsiReader == null ? null : iscsi(iscsiReader);
        Located<String> wwid = check(r.string("wwid"), io.lvmops.model.Wwid::problem);
        DeviceSpec spec = build(r, () -> new DeviceSpec(name.value(), path.value(), iscsi, wwid.value()));
        out.devices.add(new Entries.DeviceEntry(name, path, spec));
    }

    private IscsiSpec iscsi(MappingReader r) {
        Located<String> portal = r.string("portal");
        Portal parsed = null;
        if (portal.present()) {
            try {
                parsed = Portal.parse(portal.value());
            } catch (IllegalArgumentException e) {
                error(portal, e.getMessage());
            }
        }
        Located<String> target = check(r.string("target"), IscsiSpec::iqnProblem);
        Located<Integer> lun = check(r.integer("lun"), l -> l < 0 || l > 16383 ? "lun " + l + " is out of range 0-16383" : null);
        Portal p = parsed;
        return build(r, () -> new IscsiSpec(p.host(), p.port(), target.value(), lun.value()));
    }

    private void volumeGroup(MappingReader r) {
        Located<String> name = check(r.string("name"), Names::vgNameProblem);
        List<Located<String>> devices = r.strings("devices");
        if (devices != null && devices.isEmpty()) {
            problems.add(r.markOf("devices"), r.childPath("devices"), "a volume group needs at least one device");
        }
        Located<Size> extent = check(r.size("extentSize"), SpecBinder::extentProblem);
        Located<Guard> guard = r.choice("guard", Guard.class);
        Located<String> metadataNode = r.string("metadataNode");
        VolumeGroupSpec spec = build(r, () -> new VolumeGroupSpec(name.value(),
                devices.stream().map(Located::value).toList(), extent.value(), guard.value(), metadataNode.value()));
        out.volumeGroups.add(new Entries.VgEntry(name, devices == null ? List.of() : devices, metadataNode, spec));
    }

    private void logicalVolume(MappingReader r) {
        Located<String> lvName = check(r.string("name"), Names::lvNameProblem);
        Located<String> vg = check(r.string("vg"), Names::vgNameProblem);
        Located<String> name = vg.present() ? check(lvName, n -> Names.lvInVgProblem(vg.value(), n)) : lvName;
        Located<Size> size = r.size("size");
        Located<String> owner = check(r.string("owner"), Names::nodeNameProblem);
        MappingReader fsReader = r.mapping("filesystem", SpecFields.FILESYSTEM);
        Located<String> mountPoint = null;
        FilesystemSpec filesystem = null;
        if (fsReader != null) {
            Located<FsType> type = fsReader.choice("type", FsType.class);
            mountPoint = check(fsReader.string("mountPoint"), SpecBinder::mountPointProblem);
            Located<String> mp = mountPoint;
            filesystem = build(fsReader, () -> new FilesystemSpec(type.value(), mp.value()));
        }
        Located<LvState> state = r.choice("state", LvState.class);
        FilesystemSpec fs = filesystem;
        LogicalVolumeSpec spec = build(r, () -> new LogicalVolumeSpec(name.value(), vg.value(), size.value(),
                owner.value(), fs, state.value()));
        out.logicalVolumes.add(new Entries.LvEntry(name, vg, owner, mountPoint,
                state.value() != LvState.ABSENT, spec));
    }

    /** Builds a record when its part of the spec had no problem; its constructor's own checks are a safety net. */
    private <T> T build(MappingReader r, Supplier<T> constructor) {
        if (!r.clean()) {
            return null;
        }
        try {
            return constructor.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            problems.add(r.mark(), r.path(), String.valueOf(e.getMessage()));
            return null;
        }
    }

    private <T> Located<T> check(Located<T> value, java.util.function.Function<T, String> problemOf) {
        if (!value.present()) {
            return value;
        }
        String problem = problemOf.apply(value.value());
        if (problem == null) {
            return value;
        }
        error(value, problem);
        return new Located<>(null, value.mark(), value.path());
    }

    private void error(Located<?> at, String message) {
        problems.add(at.mark(), at.path(), message);
    }

    static String portProblem(int port) {
        return port < 1 || port > 65535 ? "port " + port + " is out of range 1-65535" : null;
    }

    static String filePathProblem(String path) {
        return path.startsWith("/") || path.startsWith("~/") ? null
                : "'" + path + "' must be an absolute path or start with ~/";
    }

    static String devicePathProblem(String path) {
        return PathRules.devicePathProblem(path);
    }

    static String mountPointProblem(String path) {
        return PathRules.mountPointProblem(path);
    }

    static String extentProblem(Size size) {
        long b = size.bytes();
        return b >= MIN_EXTENT && Long.bitCount(b) == 1 ? null
                : "extent size " + size + " must be a power of two of at least 1K (e.g. 4M)";
    }
}
