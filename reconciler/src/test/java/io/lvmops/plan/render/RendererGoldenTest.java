package io.lvmops.plan.render;

import io.lvmops.model.FsType;
import io.lvmops.observe.NodeObservation;
import io.lvmops.plan.Fx;
import io.lvmops.plan.Plan;
import io.lvmops.plan.PlanOptions;
import io.lvmops.plan.Planner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static io.lvmops.plan.Fx.G;
import static io.lvmops.plan.Fx.fleet;
import static io.lvmops.plan.Fx.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Golden files under src/test/resources/plan-golden. To regenerate after an intended change, run with
 * -Dlvmops.golden.update=true and review the diff.
 */
class RendererGoldenTest {

    /** A handover of lv01 from n1 to n2 (forced unmount on n1), plus a new lv02 and a removal blocked without the flag. */
    static Plan samplePlan() {
        var spec = Fx.spec(Fx.lv("lv01", "n2", G, FsType.EXT4, "/mnt/t_lv01"),
                Fx.lv("lv02", "n1", 2 * G, FsType.XFS, "/srv/data"),
                Fx.lv("old", "n1", G, null, null).withState(io.lvmops.model.LvState.ABSENT));
        var obs = fleet(
                node("n1").withVg().lv("lv01", G, true, true, "lvmops_owner_n1").mounted("lv01", "/mnt/t_lv01")
                        .lv("old", G, false, false).build(),
                node("n2").withVg().lv("lv01", G, false, false, "lvmops_owner_n1").lv("old", G, false, false).build());
        return Planner.plan(spec, "3f2a9c1", obs, new PlanOptions(false, Set.of(), true));
    }

    static Plan noChanges() {
        return Planner.plan(Fx.twoNodes(), "3f2a9c1", fleet(
                node("n1").withVg().lv("lv01", G, true, true, "lvmops_owner_n1").mounted("lv01", "/mnt/t_lv01").build(),
                node("n2").withVg().lv("lv01", G, false, false, "lvmops_owner_n1").build()), PlanOptions.DEFAULT);
    }

    @Test
    void text() throws IOException {
        golden("sample.txt", new TextRenderer(false).render(samplePlan()));
        golden("no-changes.txt", new TextRenderer(false).render(noChanges()));
    }

    @Test
    void textColoursOnlyWhenAsked() {
        assertThat(new TextRenderer(false).render(samplePlan())).doesNotContain("\u001b[");
        assertThat(new TextRenderer(true).render(samplePlan())).contains("\u001b[32m+\u001b[0m");
    }

    @Test
    void markdown() throws IOException {
        golden("sample.md", new MarkdownRenderer().render(samplePlan()));
    }

    @Test
    void json() throws IOException {
        golden("sample.json", PlanJson.write(samplePlan()));
    }

    @Test
    void jsonRoundTripsToTheSamePlan() {
        Plan plan = samplePlan();
        assertThat(PlanJson.read(PlanJson.write(plan))).isEqualTo(plan);
    }

    @Test
    void jsonRejectsAnotherVersionAndGarbage() {
        String other = PlanJson.write(noChanges()).replace("\"formatVersion\" : 1", "\"formatVersion\" : 99");
        assertThatThrownBy(() -> PlanJson.read(other)).hasMessageContaining("format version 99");
        assertThatThrownBy(() -> PlanJson.read("{\"steps\":[{\"type\":\"rm-rf\"}]}"))
                .hasMessageStartingWith("not a plan written by lvmops");
    }

    private static void golden(String name, String actual) throws IOException {
        Path source = Path.of("src/test/resources/plan-golden", name);
        if (Boolean.getBoolean("lvmops.golden.update")) {
            Files.writeString(source, actual);
        }
        try (InputStream in = RendererGoldenTest.class.getResourceAsStream("/plan-golden/" + name)) {
            assertThat(in).as("golden file " + source + " (create it with -Dlvmops.golden.update=true)").isNotNull();
            assertThat(actual).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
