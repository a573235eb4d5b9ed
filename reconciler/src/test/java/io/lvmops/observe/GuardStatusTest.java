package io.lvmops.observe;

import io.lvmops.model.Guard;
import io.lvmops.model.Spec;
import io.lvmops.plan.Fx;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GuardStatusTest {
    @Test
    void showsGuardsOwnerTagsAndFlagsTheNodeThatDoesNotEnforce() {
        Spec spec = Fx.twoNodes(); // vg0, guard: tags (default); lv01 owned by n1
        FleetObservation obs = Fx.fleet(
                Fx.node("n1").withVg().lv("lv01", Fx.G, true, false, "lvmops_owner_n1").build(),
                Fx.node("n2").withVg().lv("lv01", Fx.G, false, false, "lvmops_owner_n1").unguarded().build());
        FleetStatus status = FleetStatus.of(spec, obs);
        GuardStatus g = status.guard();
        assertThat(g.vgs()).containsExactly(new GuardStatus.VgGuard("vg0", Guard.TAGS, ""));
        assertThat(g.lvs()).containsExactly(new GuardStatus.LvTag("vg0/lv01", "n1", List.of("lvmops_owner_n1"), true));
        assertThat(g.nodes()).extracting(GuardStatus.NodeGuard::enforced).containsExactly(true, false);
        assertThat(status.problems()).anyMatch(p -> p.startsWith("n2 does not enforce the guard: activation/volume_list"
                + " is not set"));
        assertThat(status.healthy()).isFalse();
        String text = StatusRenderer.render(status, false);
        assertThat(text).contains("GUARD\n  vg vg0: tags\n  vg0/lv01 owner tag: lvmops_owner_n1\n"
                + "  node n1: LVM enforces the guard\n!!node n2: NOT enforced: activation/volume_list is not set");
    }

    @Test
    void anLvTaggedForAnotherNodeIsFlagged() {
        FleetStatus status = FleetStatus.of(Fx.twoNodes(), Fx.fleet(
                Fx.node("n1").withVg().lv("lv01", Fx.G, true, false, "lvmops_owner_n2").build(),
                Fx.node("n2").withVg().lv("lv01", Fx.G, false, false, "lvmops_owner_n2").build()));
        assertThat(status.problems()).contains("vg0/lv01 carries lvmops_owner_n2, its owner is n1");
        assertThat(StatusRenderer.render(status, false)).contains("!!vg0/lv01 owner tag: lvmops_owner_n2");
    }
}
