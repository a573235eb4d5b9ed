package io.lvmops.model.load;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where each named spec element was defined (the mark of its {@code name} value), so that later stages (plan,
 * status, git hooks) can point a person at the line of an LV, VG, device or node.
 */
public final class SourceMap {
    static final SourceMap EMPTY = new SourceMap(Map.of());

    private final Map<String, SourceMark> marks;

    SourceMap(Map<String, SourceMark> marks) {
        this.marks = Map.copyOf(marks);
    }

    public Optional<SourceMark> node(String name) {
        return Optional.ofNullable(marks.get(nodeKey(name)));
    }

    public Optional<SourceMark> device(String name) {
        return Optional.ofNullable(marks.get(deviceKey(name)));
    }

    public Optional<SourceMark> volumeGroup(String name) {
        return Optional.ofNullable(marks.get(vgKey(name)));
    }

    /** The LV {@code vg/name}. */
    public Optional<SourceMark> logicalVolume(String vg, String name) {
        return Optional.ofNullable(marks.get(lvKey(vg, name)));
    }

    static String nodeKey(String name) {
        return "node:" + name;
    }

    static String deviceKey(String name) {
        return "device:" + name;
    }

    static String vgKey(String name) {
        return "vg:" + name;
    }

    static String lvKey(String vg, String name) {
        return "lv:" + vg + "/" + name;
    }

    /** Collects marks while loading; the first definition of a name wins (later ones are duplicate errors). */
    static final class Builder {
        private final Map<String, SourceMark> marks = new HashMap<>();

        void put(String key, SourceMark mark) {
            marks.putIfAbsent(key, mark);
        }

        SourceMap build() {
            return new SourceMap(marks);
        }
    }
}
