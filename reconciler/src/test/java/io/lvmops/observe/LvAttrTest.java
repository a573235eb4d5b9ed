package io.lvmops.observe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LvAttrTest {

    @Test
    void everyPositionOfAnActiveOpenLinearLv() {
        LvAttr a = LvAttr.parse("-wi-ao----");
        assertThat(a.volumeType()).isEqualTo('-');
        assertThat(a.permissions()).isEqualTo('w');
        assertThat(a.allocation()).isEqualTo('i');
        assertThat(a.fixedMinor()).isEqualTo('-');
        assertThat(a.state()).isEqualTo('a');
        assertThat(a.deviceOpen()).isEqualTo('o');
        assertThat(a.target()).isEqualTo('-');
        assertThat(a.zeroing()).isEqualTo('-');
        assertThat(a.health()).isEqualTo('-');
        assertThat(a.skipActivation()).isEqualTo('-');
        assertThat(a.active()).isTrue();
        assertThat(a.open()).isTrue();
        assertThat(a.partial()).isFalse();
    }

    @Test
    void everyPositionWithDistinctLetters() {
        // a thin volume, read-only activation, contiguous, fixed minor, suspended, open, thin target, zeroing,
        // partial, skip activation
        LvAttr a = LvAttr.parse("VRcmsotzpk");
        assertThat(new char[] {a.volumeType(), a.permissions(), a.allocation(), a.fixedMinor(), a.state(),
                a.deviceOpen(), a.target(), a.zeroing(), a.health(), a.skipActivation()})
                .containsExactly('V', 'R', 'c', 'm', 's', 'o', 't', 'z', 'p', 'k');
        assertThat(a.active()).isFalse();
        assertThat(a.partial()).isTrue();
        assertThat(a.toString()).isEqualTo("VRcmsotzpk");
    }

    @Test
    void realAttributesFromTheFixtures() {
        assertThat(LvAttr.parse("-wi-------").active()).isFalse();   // lab node2, inactive
        assertThat(LvAttr.parse("-wi-XX----").state()).isEqualTo('X'); // host without device-mapper
        assertThat(LvAttr.parse("-wi-XX--p-").partial()).isTrue();   // host, VG missing a PV
    }

    @Test
    void oldShortAttributesArePaddedAndTooShortOnesRejected() {
        // LVM 2.02.x before 2.02.85 printed 6 characters
        assertThat(LvAttr.parse("-wi-ao").toString()).isEqualTo("-wi-ao----");
        assertThatThrownBy(() -> LvAttr.parse("-wi")).hasMessageContaining("too short");
        assertThatThrownBy(() -> LvAttr.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
