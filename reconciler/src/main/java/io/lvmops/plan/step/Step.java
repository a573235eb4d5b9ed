package io.lvmops.plan.step;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.lvmops.transport.CommandResult;

import java.util.List;

/**
 * One thing the apply does on one node. A closed set of records: each renders its own exact argv, so the plan shows
 * precisely what will run and a saved plan replays exactly that.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = IscsiNodeCreate.class, name = "iscsiNodeCreate"),
        @JsonSubTypes.Type(value = IscsiStartupAutomatic.class, name = "iscsiStartupAutomatic"),
        @JsonSubTypes.Type(value = IscsiLogin.class, name = "iscsiLogin"),
        @JsonSubTypes.Type(value = WaitForDevice.class, name = "waitForDevice"),
        @JsonSubTypes.Type(value = Rescan.class, name = "rescan"),
        @JsonSubTypes.Type(value = VerifyBlank.class, name = "verifyBlank"),
        @JsonSubTypes.Type(value = VerifySameDevice.class, name = "verifySameDevice"),
        @JsonSubTypes.Type(value = PvCreate.class, name = "pvcreate"),
        @JsonSubTypes.Type(value = VgCreate.class, name = "vgcreate"),
        @JsonSubTypes.Type(value = VgExtend.class, name = "vgextend"),
        @JsonSubTypes.Type(value = VgAutoactivationOff.class, name = "vgAutoactivationOff"),
        @JsonSubTypes.Type(value = LvCreate.class, name = "lvcreate"),
        @JsonSubTypes.Type(value = LvExtend.class, name = "lvextend"),
        @JsonSubTypes.Type(value = LvAutoactivationOff.class, name = "lvAutoactivationOff"),
        @JsonSubTypes.Type(value = LvTags.class, name = "lvTags"),
        @JsonSubTypes.Type(value = Deactivate.class, name = "deactivate"),
        @JsonSubTypes.Type(value = VerifyInactive.class, name = "verifyInactive"),
        @JsonSubTypes.Type(value = Activate.class, name = "activate"),
        @JsonSubTypes.Type(value = Refresh.class, name = "refresh"),
        @JsonSubTypes.Type(value = Mkfs.class, name = "mkfs"),
        @JsonSubTypes.Type(value = MakeMountPoint.class, name = "mkdir"),
        @JsonSubTypes.Type(value = Mount.class, name = "mount"),
        @JsonSubTypes.Type(value = Umount.class, name = "umount"),
        @JsonSubTypes.Type(value = FsGrow.class, name = "fsGrow"),
        @JsonSubTypes.Type(value = LvRemove.class, name = "lvremove"),
        @JsonSubTypes.Type(value = LvmConfigWrite.class, name = "lvmConfigWrite"),
        @JsonSubTypes.Type(value = WaitForLease.class, name = "waitForLease"),
        @JsonSubTypes.Type(value = LockDaemonsStart.class, name = "lockDaemonsStart"),
        @JsonSubTypes.Type(value = LockStart.class, name = "lockStart"),
})
@JsonIgnoreProperties(value = {"argv", "action", "commandLine", "details"}, allowGetters = true)
public sealed interface Step permits IscsiNodeCreate, IscsiStartupAutomatic, IscsiLogin, WaitForDevice, Rescan,
        VerifyBlank, VerifySameDevice, PvCreate, VgCreate, VgExtend, VgAutoactivationOff, LvCreate, LvExtend, LvAutoactivationOff, LvTags,
        Deactivate, VerifyInactive, Activate, Refresh, Mkfs, MakeMountPoint, Mount, Umount, FsGrow, LvRemove,
        LvmConfigWrite, WaitForLease, LockDaemonsStart, LockStart {

    /** The spec name of the node the step runs on. */
    String node();

    @JsonProperty("action")
    Action action();

    /**
     * The exact program and arguments to run. {@link VerifyInactive} returns an empty argv: it re-observes the node
     * through the observer instead.
     */
    @JsonProperty("argv")
    List<String> argv();

    /** Why the planner chose this step, for the person reading the plan. */
    String reason();

    /** The command as a person reads it in the plan. */
    default String commandLine() {
        return ShellWords.join(argv());
    }

    /** Bytes fed to the command's standard input (e.g. a configuration file's new content); none by default. */
    @JsonIgnore
    default byte[] stdin() {
        return new byte[0];
    }

    /** How long the command may run; steps that wait on purpose (a lease expiring) say more. */
    @JsonIgnore
    default java.time.Duration timeout() {
        return io.lvmops.transport.Command.DEFAULT_TIMEOUT;
    }

    /** Extra lines shown under the step in the plan (e.g. the diff of a configuration file). */
    default List<String> details() {
        return List.of();
    }

    /** Whether the command's result means the step did what it should. Most steps: exit code 0. */
    default boolean succeeded(CommandResult result) {
        return result.ok();
    }
}
