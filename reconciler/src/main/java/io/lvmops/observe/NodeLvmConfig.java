package io.lvmops.observe;

import java.util.List;

/**
 * The part of a node's LVM configuration that decides whether LVM itself refuses to activate an LV the node does not
 * own, as {@code lvmconfig --typeconfig full} reports it (effective values: lvm.conf, lvmlocal.conf and defaults
 * merged), plus the text of {@code /etc/lvm/lvmlocal.conf} that lvmops manages a marked block of.
 *
 * @param volumeList               {@code activation/volume_list}; null when undefined (every LV may activate)
 * @param autoActivationVolumeList {@code activation/auto_activation_volume_list}; null when undefined
 * @param useLvmlockd              {@code global/use_lvmlockd}
 * @param hostId                   {@code local/host_id} (sanlock host id; 0 when unset)
 * @param lvmlocalConf             the file's exact text; null when the file does not exist
 * @param lockDaemons              daemon name ({@code wdmd}, {@code sanlock}, {@code lvmlockd}) to whether it runs
 * @param lockspaces               VGs whose lvmlockd lockspace is started here ({@code sanlock client gets}; one
 *                                 still starting is not)
 * @param lockSetup                the lock daemons' configuration and boot persistence; null when not observed
 */
public record NodeLvmConfig(List<String> volumeList, List<String> autoActivationVolumeList, boolean useLvmlockd,
                            int hostId, String lvmlocalConf, java.util.Map<String, Boolean> lockDaemons,
                            List<String> lockspaces, LockSetup lockSetup) {
    public static final String LVMLOCAL_CONF = "/etc/lvm/lvmlocal.conf";

    public NodeLvmConfig {
        volumeList = volumeList == null ? null : List.copyOf(volumeList);
        autoActivationVolumeList = autoActivationVolumeList == null ? null : List.copyOf(autoActivationVolumeList);
        lockDaemons = java.util.Map.copyOf(lockDaemons == null ? java.util.Map.of() : lockDaemons);
        lockspaces = List.copyOf(lockspaces == null ? List.of() : lockspaces);
    }

    public NodeLvmConfig(List<String> volumeList, List<String> autoActivationVolumeList, boolean useLvmlockd,
                         int hostId, String lvmlocalConf, java.util.Map<String, Boolean> lockDaemons) {
        this(volumeList, autoActivationVolumeList, useLvmlockd, hostId, lvmlocalConf, lockDaemons, List.of());
    }

    public NodeLvmConfig(List<String> volumeList, List<String> autoActivationVolumeList, boolean useLvmlockd,
                         int hostId, String lvmlocalConf, java.util.Map<String, Boolean> lockDaemons,
                         List<String> lockspaces) {
        this(volumeList, autoActivationVolumeList, useLvmlockd, hostId, lvmlocalConf, lockDaemons, lockspaces, null);
    }

    public boolean daemonRunning(String name) {
        return Boolean.TRUE.equals(lockDaemons.get(name));
    }
}
