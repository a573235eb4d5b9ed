package io.lvmops.chaos;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class ChoicesTest {
    @Test
    void theSameSeedMakesTheSameChoices() {
        for (long seed : new long[] {0, 1, 42, 7200530959148L}) {
            assertThat(Choices.of(seed)).isEqualTo(Choices.of(seed));
        }
    }

    @Test
    void fiftyConsecutiveSeedsCoverEveryWorkloadFaultAndGuard() {
        List<Choices> fifty = LongStream.range(1000, 1050).mapToObj(Choices::of).toList();
        Set<Object> seen = new HashSet<>();
        fifty.forEach(c -> {
            seen.add(c.workload());
            seen.add(c.fault());
            seen.add(c.guard());
        });
        assertThat(seen).containsAll(List.of(Choices.Workload.values())).containsAll(List.of(Choices.Fault.values()))
                .containsAll(List.of(Choices.Guard.values()));
    }

    @Test
    void recordsAreCountedLostWhenMissingOrCorrupt() {
        String file = "1 " + RecordWriter.checksum("r7", 1) + "\n2 0123\n4 " + RecordWriter.checksum("r7", 4)
                + "\n5 " + RecordWriter.checksum("r7", 5).substring(0, 9);
        // 2 is corrupt, 3 missing; 5 is torn but was never acknowledged
        assertThat(RecordWriter.countLost(file, "r7", 4)).isEqualTo(2);
        assertThat(RecordWriter.countLost(file, "r7", 1)).isZero();
    }
}
