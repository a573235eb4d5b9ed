package io.lvmops.observe;

import io.lvmops.transport.CommandResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How long lvmops needs to turn one node's observe output with 50 LVs into a NodeObservation (section split,
 * fullreport JSON, mountinfo, blkid, dmsetup). The 50-LV report repeats the real lab LV entry of
 * lab/s2-node1-active-lvm-fullreport.json with 50 names inside the real host output host/a-observe.out.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ObserveParseBenchmark {
    static final int LVS = 50;
    CommandResult output;
    String fullreport;

    @Setup
    public void setUp() {
        fullreport = fullreportWith(LVS);
        String host = Fixtures.text("host/a-observe.out");
        int from = host.indexOf("@@lvmops-fixture section fullreport\n") + "@@lvmops-fixture section fullreport\n".length();
        int to = host.indexOf("\n@@lvmops-fixture stderr fullreport");
        output = new CommandResult(0, host.substring(0, from) + fullreport + host.substring(to), "", Duration.ZERO);
    }

    static String fullreportWith(int lvs) {
        String lab = Fixtures.text("lab/s2-node1-active-lvm-fullreport.json");
        int start = lab.indexOf("{\"lv_uuid\"");
        int end = lab.indexOf('}', start) + 1;
        String lv = lab.substring(start, end);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < lvs; i++) {
            all.append(i == 0 ? "" : ",\n                  ").append(lv.replace("lv01", String.format("lv%02d", i)));
        }
        return lab.substring(0, start) + all + lab.substring(end);
    }

    @Benchmark
    public NodeObservation wholeNode() {
        return LvmNodeObserver.interpret("node1", LvmNodeObserverTest.HOST_SCRIPT, output);
    }

    @Benchmark
    public LvmReport fullreportOnly() throws LvmReportException {
        return FullReportParser.parse(fullreport);
    }
}
