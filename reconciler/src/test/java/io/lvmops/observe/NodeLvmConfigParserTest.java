package io.lvmops.observe;

import io.lvmops.transport.CommandResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeLvmConfigParserTest {
    static final ObserveScript LAB_SCRIPT = new ObserveScript("0123abcd", List.of("/dev/mapper/test_block_a",
            "/dev/mapper/test_block_b", "/dev/vg0/lv01", "/dev/vg1/lv11"));

    @Test
    void labNodeAfterGuardTagsApplied_volumeListLvmlocalAndDaemons() {
        NodeObservation n = LvmNodeObserver.interpret("node2", LAB_SCRIPT, new CommandResult(0,
                Fixtures.text("lab/guard-node2-observe.txt"), "", Duration.ZERO));
        assertThat(n.reachable()).as(n.error()).isTrue();
        NodeLvmConfig c = n.lvmConfig();
        assertThat(c.volumeList()).containsExactly("vg1", "@lvmops_owner_node2");
        assertThat(c.autoActivationVolumeList()).isNull();
        assertThat(c.useLvmlockd()).isFalse();
        assertThat(c.hostId()).isZero();
        assertThat(c.lvmlocalConf()).startsWith("# This is a local configuration file template")
                .contains("# BEGIN lvmops managed block").endsWith("# END lvmops managed block\n");
        assertThat(c.lockDaemons()).containsOnlyKeys("wdmd", "sanlock", "lvmlockd").doesNotContainValue(true);
    }

    @Test
    void labNode1_ownTagAdmitted_guardEnforced() {
        NodeObservation n = LvmNodeObserver.interpret("node1", LAB_SCRIPT, new CommandResult(0,
                Fixtures.text("lab/guard-node1-observe.txt"), "", Duration.ZERO));
        assertThat(n.lvmConfig().volumeList()).containsExactly("vg1", "@lvmops_owner_node1");
        assertThat(n.lv("vg0", "lv01").orElseThrow().tags()).containsExactly("lvmops_owner_node1");
    }

    static NodeLvmConfig sanlockCapture(String node, String name) {
        NodeObservation n = SanlockLabCaptures.observation(node, name);
        assertThat(n.reachable()).as(n.error()).isTrue();
        return n.lvmConfig();
    }

    @Test
    void labNodeAsDebianLeavesIt_sanlockWithoutWatchdogUnderARandomName_unitsDisabled_noFiles() {
        NodeLvmConfig c = sanlockCapture("node2", "sanlock-debian-node2");
        assertThat(c.useLvmlockd()).isFalse();
        assertThat(c.lockDaemons()).containsExactlyInAnyOrderEntriesOf(Map.of("wdmd", false, "sanlock", true,
                "lvmlockd", false));
        LockSetup s = c.lockSetup();
        assertThat(s.systemctl()).isTrue();
        assertThat(s.sanlockName()).isEqualTo("9ba73350-0846-40c1-ac8e-809e4ddeb3ba.node2");
        assertThat(s.sanlockWatchdog()).isFalse();
        assertThat(s.unitsNotEnabled()).containsExactlyElementsOf(LockSetup.UNITS);
        assertThat(s.units("absent")).isEmpty();
        assertThat(s.watchdogs()).isEmpty();
        assertThat(s.sanlockDropIn()).isNull();
        assertThat(s.watchdogModules()).isNull();
        assertThat(c.lockspaces()).isEmpty();
    }

    @Test
    void labNodeSetUpByLvmops_everythingInPlace_lockspaceStarted() {
        NodeLvmConfig c = sanlockCapture("node2", "sanlock-node2");
        assertThat(c.useLvmlockd()).isTrue();
        assertThat(c.hostId()).isEqualTo(2);
        assertThat(c.lockDaemons()).doesNotContainValue(false);
        assertThat(c.lockspaces()).containsExactly("vg0");
        LockSetup s = c.lockSetup();
        assertThat(s.sanlockName()).isEqualTo("node2");
        assertThat(s.sanlockWatchdog()).isTrue();
        assertThat(s.unitsNotEnabled()).isEmpty();
        assertThat(s.watchdogs()).containsExactly(LockSetup.SOFTDOG_IDENTITY);
        assertThat(s.hardwareWatchdog()).isFalse();
        assertThat(s.lockspacesChanging()).isEmpty();
        assertThat(s.sanlockDropIn()).contains("ExecStart=/usr/sbin/sanlock daemon -w 1 -e node2\n");
        assertThat(s.watchdogModules()).endsWith("\nsoftdog\n");
        assertThat(sanlockCapture("node1", "sanlock-node1").lockspaces()).containsExactly("vg0");
    }

    @Test
    void labNodeRightAfterAReboot_lockspaceStillJoining_isNotStarted() {
        NodeLvmConfig c = sanlockCapture("node2", "sanlock-rebooted-node2");
        assertThat(c.lockDaemons()).doesNotContainValue(false);
        assertThat(c.lockspaces()).isEmpty();
        assertThat(c.lockSetup().lockspacesChanging()).containsExactly("vg0");
    }

    @Test
    void olderScriptWithoutTheSetupLines_setupUnknown() throws LvmReportException {
        assertThat(NodeLvmConfigParser.parse("use_lvmlockd=1\n", null, "wdmd=1\nsanlock=2\nlvmlockd=3\n")
                .lockSetup()).isNull();
    }

    @Test
    void valuesAsLvmconfigPrintsThem() throws LvmReportException {
        NodeLvmConfig c = NodeLvmConfigParser.parse("""
                volume_list="@lvmops_owner_n1"
                auto_activation_volume_list=[]
                use_lvmlockd=1
                host_id=7
                """, null, "wdmd=12\nsanlock=\nlvmlockd=99 100\n");
        assertThat(c.volumeList()).containsExactly("@lvmops_owner_n1");
        assertThat(c.autoActivationVolumeList()).isEmpty();
        assertThat(c.useLvmlockd()).isTrue();
        assertThat(c.hostId()).isEqualTo(7);
        assertThat(c.lvmlocalConf()).isNull();
        assertThat(c.daemonRunning("wdmd")).isTrue();
        assertThat(c.daemonRunning("sanlock")).isFalse();
        assertThat(c.daemonRunning("lvmlockd")).isTrue();
    }

    @Test
    void undefinedVolumeListIsNull_notEmpty() throws LvmReportException {
        assertThat(NodeLvmConfigParser.parse("use_lvmlockd=0\nhost_id=0\n", "", "").volumeList()).isNull();
    }

    @Test
    void listsWithSpacesAndEscapes() throws LvmReportException {
        assertThat(NodeLvmConfigParser.list("[\"vg a\", \"b\\\"c\",\"@t\"]")).containsExactly("vg a", "b\"c", "@t");
        assertThatThrownBy(() -> NodeLvmConfigParser.list("[\"open")).isInstanceOf(LvmReportException.class);
        assertThatThrownBy(() -> NodeLvmConfigParser.parse("garbage\n", "", ""))
                .hasMessageContaining("line 1 is not key=value");
    }
}
