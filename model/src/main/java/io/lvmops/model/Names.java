package io.lvmops.model;

import java.util.List;
import java.util.regex.Pattern;

/** LVM's own naming rules (lvm(8) "VALID NAMES"), and ours for nodes. Each check returns a problem or null. */
public final class Names {
    private static final Pattern LVM_CHARS = Pattern.compile("[A-Za-z0-9+_.\\-]+");
    private static final Pattern NODE = Pattern.compile("[A-Za-z0-9._\\-]+");
    static final List<String> RESERVED_LV_SUFFIXES = List.of(
            "_cdata", "_cmeta", "_corig", "_mlog", "_mimage", "_pmspare", "_rimage", "_rmeta", "_tdata", "_tmeta",
            "_vorigin", "_vdata", "_iorig", "_wcorig");
    /** Our own limit for node names (they appear in LVM tags, lock names and every message). */
    public static final int MAX_NODE_NAME = 64;
    /** Device-mapper's DM_NAME_LEN is 128 bytes with the terminating NUL. */
    public static final int MAX_DM_NAME = 127;

    private Names() {
    }

    public static String vgNameProblem(String name) {
        return lvmNameProblem(name);
    }

    public static String lvNameProblem(String name) {
        String problem = lvmNameProblem(name);
        if (problem != null) {
            return problem;
        }
        if (name.startsWith("snapshot") || name.startsWith("pvmove")) {
            return "'" + name + "' must not start with 'snapshot' or 'pvmove' (reserved by LVM)";
        }
        for (String suffix : RESERVED_LV_SUFFIXES) {
            if (name.contains(suffix)) {
                return "'" + name + "' must not contain '" + suffix + "' (reserved by LVM for sub-volumes)";
            }
        }
        return null;
    }

    /**
     * LVM activates vg/lv as the device-mapper name vg-lv (each '-' in a name doubled), which must fit DM_NAME_LEN;
     * LVM refuses a longer pair. Check each name on its own first.
     */
    public static String lvInVgProblem(String vg, String lv) {
        String dm = vg.replace("-", "--") + "-" + lv.replace("-", "--");
        if (dm.length() > MAX_DM_NAME) {
            return "'" + shorten(vg + "/" + lv) + "' gives the device-mapper name '" + shorten(dm) + "' of "
                    + dm.length() + " characters; LVM allows at most " + MAX_DM_NAME;
        }
        return null;
    }

    private static String shorten(String s) {
        return s.length() <= 20 ? s : s.substring(0, 20) + "…";
    }

    public static String nodeNameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "a node name must not be empty";
        }
        if (name.length() > MAX_NODE_NAME) {
            return "'" + name.substring(0, 20) + "…' is " + name.length() + " characters long; a node name is at most "
                    + MAX_NODE_NAME;
        }
        if (!NODE.matcher(name).matches()) {
            return "'" + name + "' may contain only letters, digits, '.', '-' and '_'";
        }
        return null;
    }

    private static String lvmNameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "a name must not be empty";
        }
        if (name.length() > 127) {
            return "'" + name.substring(0, 20) + "…' is " + name.length() + " characters long; LVM allows at most 127";
        }
        if (!LVM_CHARS.matcher(name).matches()) {
            return "'" + name + "' may contain only A-Z a-z 0-9 + _ . -";
        }
        if (name.startsWith("-")) {
            return "'" + name + "' must not start with '-'";
        }
        if (name.equals(".") || name.equals("..")) {
            return "'" + name + "' is not a valid name";
        }
        return null;
    }

    static void require(String problem) {
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }
}
