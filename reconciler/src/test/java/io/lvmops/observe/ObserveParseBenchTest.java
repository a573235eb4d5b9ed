package io.lvmops.observe;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@link ObserveParseBenchmark} with JMH and prints the figures (mvn test -Dgroups=bench). */
@Tag("bench")
class ObserveParseBenchTest {

    @Test
    void parseFiftyLvNode() throws Exception {
        ObserveParseBenchmark b = new ObserveParseBenchmark();
        b.setUp();
        assertThat(b.wholeNode().lvs()).hasSize(ObserveParseBenchmark.LVS);

        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(ObserveParseBenchmark.class.getName())
                .forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .shouldFailOnError(true).build()).run();
        for (RunResult r : results) {
            System.out.printf("[bench] %s: %.1f us/op (50 LVs)%n", r.getParams().getBenchmark(),
                    r.getPrimaryResult().getScore());
        }
        assertThat(results).hasSize(2);
    }
}
