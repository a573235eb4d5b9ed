package io.lvmops.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class ExecArgvTest {
    @Test
    void everyProgramRunsUnderTheCLocale() {
        assertThat(ExecArgv.forNode(List.of("lvs", "-a"), false)).containsExactly("env", "LC_ALL=C", "lvs", "-a");
    }

    @Test
    void sudoComesFirstSoThatTheLocaleSurvivesSudosEnvironmentReset() {
        assertThat(ExecArgv.forNode(List.of("lvs"), true)).containsExactly("sudo", "-n", "env", "LC_ALL=C", "lvs");
    }

    @Test
    void overSshTheNodeItselfStopsTheProgramShortlyAfterTheCallerGivesUp() {
        assertThat(ExecArgv.forNode(List.of("lvs"), true, Duration.ofMillis(2500)))
                .containsExactly("sudo", "-n", "env", "LC_ALL=C", "timeout", "-k", "5.000s", "3.500s", "lvs");
    }

    @Test
    void aProgramNameWithAnEqualsSignWouldBeTakenByEnvForAVariable() {
        assertThatThrownBy(() -> ExecArgv.forNode(List.of("X=1"), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("X=1");
    }
}
