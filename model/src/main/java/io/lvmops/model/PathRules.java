package io.lvmops.model;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules for the paths a spec names: a device's {@code /dev} path and an LV's mount point. Each is later passed to
 * commands run as root on every node, so only plain characters are allowed, and never a special file or a system
 * directory. Each check returns a problem or null.
 */
public final class PathRules {
    private static final Pattern DEVICE_CHARS = Pattern.compile("[A-Za-z0-9._+:@/-]+");
    private static final Pattern MOUNT_CHARS = Pattern.compile("[A-Za-z0-9._@+/-]+");
    /** Character devices and kernel file systems under /dev: never a shared disk, and harmful to write or read. */
    private static final List<String> NOT_BLOCK_DEVICES = List.of("/dev/stdin", "/dev/stdout", "/dev/stderr",
            "/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/mem", "/dev/kmem", "/dev/port",
            "/dev/kmsg", "/dev/console", "/dev/ptmx", "/dev/tty", "/dev/initctl", "/dev/log");
    private static final List<String> NOT_BLOCK_DEVICE_PREFIXES = List.of("/dev/fd/", "/dev/pts/", "/dev/shm/",
            "/dev/mqueue/", "/dev/hugepages/", "/dev/tty", "/dev/vcs", "/dev/char/", "/dev/cpu/", "/dev/snd/",
            "/dev/input/", "/dev/net/", "/dev/bus/");
    /** Nothing may be mounted on or under these (the operating system's own files). */
    private static final List<String> SYSTEM_TREES = List.of("/etc", "/usr", "/boot", "/proc", "/sys", "/dev", "/run",
            "/bin", "/sbin");
    /** These may hold mount points, but mounting over the directory itself hides the system's files. */
    private static final List<String> SYSTEM_DIRECTORIES = List.of("/var", "/var/lib", "/var/log", "/var/cache",
            "/var/spool", "/var/tmp", "/home", "/root", "/tmp", "/mnt", "/media", "/opt", "/srv", "/lost+found");
    private static final String ELSEWHERE = "; mount LVs elsewhere, e.g. under /mnt or /srv";

    private PathRules() {
    }

    public static String devicePathProblem(String path) {
        if (path == null || !path.startsWith("/dev/") || path.endsWith("/") || path.contains("//")
                || hasDotSegment(path)) {
            return "'" + path + "' must be an absolute /dev path, e.g. /dev/mapper/test_block_a";
        }
        if (!DEVICE_CHARS.matcher(path).matches()) {
            return "'" + path + "' may contain only A-Z a-z 0-9 . _ + : @ / -";
        }
        if (NOT_BLOCK_DEVICES.contains(path) || NOT_BLOCK_DEVICE_PREFIXES.stream().anyMatch(path::startsWith)) {
            return "'" + path + "' is not a block device path";
        }
        return null;
    }

    public static String mountPointProblem(String path) {
        if (path == null || !path.startsWith("/") || path.equals("/")) {
            return "'" + path + "' must be an absolute path other than /";
        }
        if (!MOUNT_CHARS.matcher(path).matches()) {
            return "'" + path + "' may contain only A-Z a-z 0-9 . _ @ + / -";
        }
        if (hasDotSegment(path)) {
            return "'" + path + "' must not contain '.' or '..' components";
        }
        String normal = normalisedMountPoint(path);
        if (normal.equals("/")) {
            return "'" + path + "' must be an absolute path other than /";
        }
        if (!normal.equals(path)) {
            return "'" + path + "' is not normalised; write '" + normal + "'";
        }
        if (SYSTEM_DIRECTORIES.contains(path) || SYSTEM_TREES.contains(path) || isLibDirectory(path)) {
            return "'" + path + "' is a system directory" + ELSEWHERE;
        }
        String top = path.substring(0, path.indexOf('/', 1) < 0 ? path.length() : path.indexOf('/', 1));
        if (SYSTEM_TREES.contains(top) || isLibDirectory(top)) {
            return "'" + path + "' is under the system directory " + top + ELSEWHERE;
        }
        return null;
    }

    /** One spelling per directory: no repeated {@code /}, no trailing {@code /}. */
    public static String normalisedMountPoint(String path) {
        String p = path.replaceAll("/{2,}", "/");
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** /lib, /lib32, /lib64, /libx32 ... */
    private static boolean isLibDirectory(String topLevel) {
        return topLevel.startsWith("/lib") && topLevel.indexOf('/', 1) < 0;
    }

    private static boolean hasDotSegment(String path) {
        for (String segment : path.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
