package io.lvmops.observe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FullReportParserTest {

    @Test
    void activeOpenLvOnTheNodeThatCreatedIt() throws Exception {
        LvmReport r = FullReportParser.parse(Fixtures.text("lab/s2-node1-active-lvm-fullreport.json"));

        assertThat(r.vgs()).singleElement().satisfies(vg -> {
            assertThat(vg.name()).isEqualTo("vg0");
            assertThat(vg.extentSizeBytes()).isEqualTo(4L * 1024 * 1024);
            assertThat(vg.pvNames()).containsExactly("/dev/mapper/test_block_a");
            assertThat(vg.lockType()).isEmpty();
            assertThat(vg.autoactivation()).isTrue();
            assertThat(vg.uuid()).isNotEmpty();
        });
        assertThat(r.pvs()).singleElement().satisfies(pv -> {
            assertThat(pv.name()).isEqualTo("/dev/mapper/test_block_a");
            assertThat(pv.vg()).isEqualTo("vg0");
            assertThat(pv.sizeBytes()).isPositive();
        });
        assertThat(r.lvs()).singleElement().satisfies(lv -> {
            assertThat(lv.fullName()).isEqualTo("vg0/lv01");
            assertThat(lv.sizeBytes()).isEqualTo(1L << 30);
            assertThat(lv.attr().toString()).isEqualTo("-wi-ao----");
            assertThat(lv.active()).isTrue();
            assertThat(lv.open()).isTrue();
            assertThat(lv.path()).isEqualTo("/dev/vg0/lv01");
            assertThat(lv.dmPath()).isEqualTo("/dev/mapper/vg0-lv01");
            assertThat(lv.autoactivation()).isTrue();
            assertThat(lv.uuid()).matches("[A-Za-z0-9]{6}(-[A-Za-z0-9]{4}){5}-[A-Za-z0-9]{6}");
        });
    }

    @Test
    void sameLvInactiveOnTheOtherNode() throws Exception {
        LvmReport r = FullReportParser.parse(Fixtures.text("lab/s2-node2-inactive-lvm-fullreport.json"));

        assertThat(r.lvs()).singleElement().satisfies(lv -> {
            assertThat(lv.fullName()).isEqualTo("vg0/lv01");
            assertThat(lv.attr().toString()).isEqualTo("-wi-------");
            assertThat(lv.active()).isFalse();
            assertThat(lv.open()).isFalse();
        });
    }

    @Test
    void blankLunAndMissingDeviceMeanNoVg() throws Exception {
        // s1: LUN present but blank; s3: node2 logged out, the LUN (and vg0 with it) is missing
        for (String f : new String[] {"lab/s1-node1-lvm-fullreport.json", "lab/s3-node2-loggedout-lvm-fullreport.json"}) {
            LvmReport r = FullReportParser.parse(Fixtures.text(f));
            assertThat(r.vgs()).as(f).isEmpty();
            assertThat(r.lvs()).as(f).isEmpty();
        }
    }

    @Test
    void hostReportWithOrphanPvTagsDashedNamesAndUnknownActivation() throws Exception {
        LvmReport r = FullReportParser.parse(Fixtures.text("host/a-fullreport.out"));

        assertThat(r.vgs()).extracting(ObservedVg::name).containsExactly("vgpart", "vgobs");
        assertThat(r.vg("vgobs").tags()).containsExactly("lvmops");
        assertThat(r.vg("vgpart").pvNames()).containsExactly("/dev/loop2", "/dev/loop3");
        assertThat(r.vg("vgpart").sizeBytes()).isEqualTo(1602224128L);
        assertThat(r.vg("vgpart").freeBytes()).isZero();
        assertThat(r.pvs()).filteredOn(pv -> pv.vg().isEmpty()).singleElement()
                .satisfies(pv -> assertThat(pv.name()).isEqualTo("/dev/loop1"));
        ObservedLv lv01 = r.lvs().stream().filter(l -> l.name().equals("lv01")).findFirst().orElseThrow();
        assertThat(lv01.tags()).containsExactly("owner_node1");
        assertThat(lv01.sizeBytes()).isEqualTo(100L << 20);
        ObservedLv data = r.lvs().stream().filter(l -> l.name().equals("data-01")).findFirst().orElseThrow();
        assertThat(data.dmPath()).isEqualTo("/dev/mapper/vgpart-data--01");
        // no device-mapper on the host: LVM prints state 'X' (unknown), which must never read as inactive
        assertThat(data.attr().state()).isEqualTo('X');
        assertThat(data.active()).isTrue();
        assertThat(data.open()).isTrue();
    }

    @Test
    void missingPvOfAPartialVg() throws Exception {
        LvmReport r = FullReportParser.parse(Fixtures.text("host/b-fullreport.out"));

        assertThat(r.pvs()).filteredOn(pv -> pv.vg().equals("vgpart")).extracting(ObservedPv::name)
                .containsExactly("/dev/loop2", "[unknown]");
        ObservedLv data = r.lvs().stream().filter(l -> l.name().equals("data-01")).findFirst().orElseThrow();
        assertThat(data.attr().partial()).isTrue();
    }

    @Test
    void garbageAndTruncatedJsonAreErrorsNotEmptyReports() {
        String full = Fixtures.text("lab/s2-node1-active-lvm-fullreport.json");
        assertThatThrownBy(() -> FullReportParser.parse(full.substring(0, full.length() / 2)))
                .isInstanceOf(LvmReportException.class).hasMessageContaining("invalid JSON");
        assertThatThrownBy(() -> FullReportParser.parse("  No volume groups found\n"))
                .isInstanceOf(LvmReportException.class);
        assertThatThrownBy(() -> FullReportParser.parse("{\"log\": []}"))
                .isInstanceOf(LvmReportException.class).hasMessageContaining("no \"report\"");
    }
}
