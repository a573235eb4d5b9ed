package io.lvmops.observe;

import io.lvmops.model.DeviceSpec;
import io.lvmops.model.LogicalVolumeSpec;
import io.lvmops.model.Spec;
import io.lvmops.transport.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The single command that observes a node:
 * {@code sh -c SCRIPT lvmops-observe NONCE PATH... [+ PATH...] [-- TYPE LVPATH...]} (the paths before "+", the
 * spec's devices, also get their identity read). The script text is a
 * constant resource ({@code observe.sh}); every value from the spec travels as a positional argument, so the
 * transport quotes it like any other argv element and no spec value is ever part of shell code.
 */
public final class ObserveScript {
    public static final String SCRIPT = load();
    public static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An LV whose filesystem size the script reads where the LV is active (section {@code fs.N}). */
    public record FilesystemProbe(String type, String path) {
    }

    private final String nonce;
    private final List<String> probePaths;
    private final List<FilesystemProbe> filesystems;
    /** How many of the probe paths, from the first, are spec devices whose identity the script reads. */
    private final int identified;

    public ObserveScript(String nonce, List<String> probePaths) {
        this(nonce, probePaths, List.of());
    }

    /** Every probe path's identity is read. */
    public ObserveScript(String nonce, List<String> probePaths, List<FilesystemProbe> filesystems) {
        this(nonce, probePaths, filesystems, probePaths.size());
    }

    public ObserveScript(String nonce, List<String> probePaths, List<FilesystemProbe> filesystems, int identified) {
        if (!nonce.matches("[A-Za-z0-9]+")) {
            throw new IllegalArgumentException("nonce must be alphanumeric");
        }
        this.nonce = nonce;
        this.probePaths = List.copyOf(probePaths);
        this.filesystems = List.copyOf(filesystems);
        this.identified = Math.min(identified, probePaths.size());
    }

    /** The script for this spec with a fresh random nonce. */
    public static ObserveScript forSpec(Spec spec) {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        List<String> paths = probePaths(spec);
        long devices = paths.stream().filter(p -> spec.devices().stream().anyMatch(d -> d.path().equals(p))).count();
        return new ObserveScript(HexFormat.of().formatHex(b), paths, filesystems(spec), (int) devices);
    }

    /** Each present LV's filesystem type (as the spec names it) and /dev/VG/LV path, in spec order. */
    public static List<FilesystemProbe> filesystems(Spec spec) {
        List<FilesystemProbe> fs = new ArrayList<>();
        for (LogicalVolumeSpec lv : spec.logicalVolumes()) {
            if (lv.present() && lv.filesystem() != null) {
                fs.add(new FilesystemProbe(lv.filesystem().type().specName(), "/dev/" + lv.vg() + "/" + lv.name()));
            }
        }
        return List.copyOf(fs);
    }

    /** The spec's device paths, then each managed LV's /dev/VG/LV path, without duplicates, in spec order. */
    public static List<String> probePaths(Spec spec) {
        LinkedHashSet<String> paths = new LinkedHashSet<>();
        for (DeviceSpec d : spec.devices()) {
            paths.add(d.path());
        }
        for (LogicalVolumeSpec lv : spec.logicalVolumes()) {
            paths.add("/dev/" + lv.vg() + "/" + lv.name());
        }
        return List.copyOf(paths);
    }

    public String nonce() {
        return nonce;
    }

    public List<String> probePaths() {
        return probePaths;
    }

    public List<FilesystemProbe> filesystems() {
        return filesystems;
    }

    public Command command() {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", SCRIPT, "lvmops-observe", nonce));
        // absolute /dev paths (the spec validates them), never "--" or "+"
        argv.addAll(probePaths.subList(0, identified));
        if (identified < probePaths.size()) {
            argv.add("+");
            argv.addAll(probePaths.subList(identified, probePaths.size()));
        }
        if (!filesystems.isEmpty()) {
            argv.add("--");
            for (FilesystemProbe f : filesystems) {
                argv.add(f.type());
                argv.add(f.path());
            }
        }
        return Command.of(argv).withTimeout(TIMEOUT);
    }

    private static String load() {
        try (InputStream in = ObserveScript.class.getResourceAsStream("observe.sh")) {
            if (in == null) {
                throw new IllegalStateException("observe.sh is missing from the lvmops jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
