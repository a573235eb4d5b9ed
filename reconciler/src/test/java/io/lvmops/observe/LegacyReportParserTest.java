package io.lvmops.observe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The column format observe.sh uses for LVM < 2.02.158. The fixtures are real output of the build host's LVM
 * 2.03.16 run with exactly the options and fields observe.sh sends to an old LVM (all present in 2.02.100's lvs(8));
 * see their .cmd files.
 */
class LegacyReportParserTest {

    @Test
    void columnsWithNamePrefixes() throws Exception {
        LvmReport r = LegacyReportParser.parse(Fixtures.text("host/a-legacy-pvs.out"),
                Fixtures.text("host/a-legacy-vgs.out"), Fixtures.text("host/a-legacy-lvs.out"));

        assertThat(r.pvs()).extracting(ObservedPv::name)
                .containsExactly("/dev/loop0", "/dev/loop1", "/dev/loop2", "/dev/loop3");
        assertThat(r.pvs().get(1).vg()).isEmpty();
        assertThat(r.vgs()).extracting(ObservedVg::name).containsExactly("vgobs", "vgpart");
        assertThat(r.vg("vgpart").pvNames()).containsExactly("/dev/loop2", "/dev/loop3");
        assertThat(r.vg("vgobs").tags()).containsExactly("lvmops");
        assertThat(r.vg("vgobs").extentSizeBytes()).isEqualTo(4194304L);
        assertThat(r.vg("vgobs").autoactivation()).isNull();
        assertThat(r.lvs()).extracting(ObservedLv::fullName)
                .containsExactly("vgobs/lv01", "vgobs/lv02", "vgpart/data-01");
        ObservedLv lv01 = r.lvs().get(0);
        assertThat(lv01.sizeBytes()).isEqualTo(104857600L);
        assertThat(lv01.tags()).containsExactly("owner_node1");
        assertThat(lv01.uuid()).isEqualTo("bU44Qg-kGLX-9m1c-5qcF-Kbi3-gBL9-KGyuQc");
        assertThat(lv01.attr().toString()).isEqualTo("-wi-XX----");
        assertThat(lv01.autoactivation()).isNull();
        assertThat(r.lvs().get(2).dmPath()).isEqualTo("/dev/mapper/vgpart-data--01");
    }

    @Test
    void activeAndOpenComeFromLvAttrAlone() throws Exception {
        // the attribute letters of an active, open LV as the lab's LVM prints them (lab/s2-node1-active-lvs.json)
        LvmReport r = LegacyReportParser.parse("", "",
                "  LVM2_VG_NAME='vg0'|LVM2_LV_NAME='lv01'|LVM2_LV_UUID='u'|LVM2_LV_SIZE='1073741824'"
                        + "|LVM2_LV_ATTR='-wi-ao----'|LVM2_LV_TAGS=''|LVM2_LV_PATH='/dev/vg0/lv01'\n");
        assertThat(r.lvs()).singleElement().satisfies(lv -> {
            assertThat(lv.active()).isTrue();
            assertThat(lv.open()).isTrue();
        });
        LvmReport inactive = LegacyReportParser.parse("", "",
                "  LVM2_VG_NAME='vg0'|LVM2_LV_NAME='lv01'|LVM2_LV_UUID='u'|LVM2_LV_SIZE='1'|LVM2_LV_ATTR='-wi-------'\n");
        assertThat(inactive.lvs().get(0).active()).isFalse();
        assertThat(inactive.lvs().get(0).open()).isFalse();
    }

    @Test
    void warningsOnStderrDoNotDisturbStdout() throws Exception {
        // state b: a missing PV and a duplicate PV; LVM's warnings went to the .err files
        assertThat(Fixtures.text("host/b-legacy-lvs.err")).contains("Couldn't find device with uuid");
        LvmReport r = LegacyReportParser.parse(Fixtures.text("host/b-legacy-pvs.out"),
                Fixtures.text("host/b-legacy-vgs.out"), Fixtures.text("host/b-legacy-lvs.out"));
        assertThat(r.pvs()).extracting(ObservedPv::name).contains("[unknown]");
        assertThat(r.lvs()).filteredOn(lv -> lv.name().equals("data-01")).singleElement()
                .satisfies(lv -> assertThat(lv.attr().partial()).isTrue());
    }

    @Test
    void garbageIsAnErrorNamingTheLine() {
        assertThatThrownBy(() -> LegacyReportParser.parse("", "", "  lv01 vg0 -wi-a----- 1.00g\n"))
                .isInstanceOf(LvmReportException.class).hasMessageContaining("lvs line 1");
    }
}
