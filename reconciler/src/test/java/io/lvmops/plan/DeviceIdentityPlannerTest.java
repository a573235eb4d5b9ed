package io.lvmops.plan;

import io.lvmops.model.DeviceSpec;
import io.lvmops.model.FsType;
import io.lvmops.model.IscsiSpec;
import io.lvmops.model.LvState;
import io.lvmops.model.Spec;
import io.lvmops.observe.NodeObservation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static io.lvmops.plan.Fx.G;
import static io.lvmops.plan.Fx.fleet;
import static io.lvmops.plan.Fx.node;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A path is not an identity: when the nodes do not see the same device under the spec's path (another LUN, another
 * size, another PV or VG, or not the spec's wwid), nothing that writes to or activates that device's VG is planned,
 * and the blocked item names every node's view.
 */
class DeviceIdentityPlannerTest {
    private static final String WWID_A = "360000000000000000e00000000010001";
    private static final String WWID_B = "360000000000000000e00000000020001";
    /** Any command that writes LVM metadata, a filesystem, or activates/mounts. */
    private static final Pattern WRITER = Pattern.compile(
            "pvcreate|vgcreate|vgextend|lvcreate|lvextend|lvremove|lvchange|vgchange|mkfs|mount|wipefs");

    private static Spec spec(String wwid) {
        Spec s = Fx.spec(Fx.lv("lv01", "n2", G, FsType.EXT4, "/mnt/t_lv01"));
        return new Spec(s.nodes(), List.of(new DeviceSpec("lun-a", Fx.DEV,
                new IscsiSpec("10.0.2.2", 3260, Fx.IQN, 1), wwid)), s.volumeGroups(), s.logicalVolumes());
    }

    private static List<String> writers(Plan plan) {
        return plan.steps().stream().map(s -> s.node() + " " + s.commandLine())
                .filter(l -> WRITER.matcher(l).find()).toList();
    }

    private static Plan plan(Spec spec, NodeObservation... nodes) {
        return Planner.plan(spec, fleet(nodes), PlanOptions.DEFAULT);
    }

    @Test
    void nodesAgreeing_theBlankDeviceIsStillCreated() {
        Plan plan = plan(spec(null), node("n1").loggedIn("").identity("mpath-" + WWID_A, 8 * G, null).build(),
                node("n2").loggedIn("").identity("naa.60000000000000000e00000000010001", 8 * G, null).build());
        assertThat(writers(plan)).anyMatch(l -> l.contains("pvcreate")).anyMatch(l -> l.contains("lvcreate"));
        assertThat(plan.blocked()).isEmpty();
    }

    @Test
    void anotherLunUnderTheSamePath_blocksEveryWriterAndNamesBothWwids() {
        Plan plan = plan(spec(null), node("n1").loggedIn("").identity("mpath-" + WWID_A, 8 * G, null).build(),
                node("n2").loggedIn("").identity("mpath-" + WWID_B, 8 * G, null).build());
        assertThat(writers(plan)).isEmpty();
        assertThat(plan.blocked()).anySatisfy(b -> assertThat(b.reason())
                .contains("n1 sees WWID " + WWID_A).contains("n2 sees WWID " + WWID_B).contains("identity"));
        assertThat(plan.blocked()).anySatisfy(b -> assertThat(b.subject()).isEqualTo("vg0/lv01"));
    }

    @Test
    void sameWwidOtherSize_blocks() {
        Plan plan = plan(spec(null), node("n1").loggedIn("").identity("mpath-" + WWID_A, 8 * G, null).build(),
                node("n2").loggedIn("").identity("mpath-" + WWID_A, 4 * G, null).build());
        assertThat(writers(plan)).isEmpty();
        assertThat(plan.blocked()).anySatisfy(b -> assertThat(b.reason()).contains("size").contains("8G")
                .contains("4G"));
    }

    @Test
    void blankOnTheFirstNodeExt4OnTheOther_isNotBlank() {
        // no identity read at all (an older observation): the content alone disagrees
        Plan plan = plan(spec(null), node("n1").loggedIn("").build(), node("n2").loggedIn("ext4").build());
        assertThat(writers(plan)).isEmpty();
        assertThat(plan.blocked()).anySatisfy(b -> assertThat(b.reason()).contains("n1 sees").contains("blank")
                .contains("n2 sees").contains("ext4"));
    }

    @Test
    void samePathOtherPvUuid_blocks() {
        Plan plan = plan(spec(null),
                node("n1").withVg().lv("lv01", G, false, false, "lvmops_owner_n2").identity(null, 8 * G, "pv-A").build(),
                node("n2").withVg().lv("lv01", G, false, false, "lvmops_owner_n2").identity(null, 8 * G, "pv-B").build());
        assertThat(writers(plan)).isEmpty();
        assertThat(plan.blocked()).anySatisfy(b -> assertThat(b.reason()).contains("PV UUID").contains("pv-A")
                .contains("pv-B"));
    }

    @Test
    void anotherVgOfTheSameName_blocksActivationAndNamesTheVgUuids() {
        Plan plan = plan(spec(null),
                node("n1").withVg().lv("lv01", G, false, false, "lvmops_owner_n2").vgUuid("vg-A").build(),
                node("n2").withVg().lv("lv01", G, false, false, "lvmops_owner_n2").vgUuid("vg-B").build());
        assertThat(writers(plan)).isEmpty();
        assertThat(plan.blocked()).anySatisfy(b -> assertThat(b.reason()).contains("VG UUID").contains("n1")
                .contains("vg-A").contains("n2").contains("vg-B"));
    }

    @Test
    void theSpecsWwidIsCheckedInAnySpelling() {
        NodeObservation n1 = node("n1").loggedIn("").identity("mpath-" + WWID_B, 8 * G, null).build();
        NodeObservation n2 = node("n2").loggedIn("").identity("mpath-" + WWID_B, 8 * G, null).build();
        Plan wrong = plan(spec(WWID_A), n1, n2);
        assertThat(writers(wrong)).isEmpty();
        assertThat(wrong.blocked()).anySatisfy(b -> assertThat(b.reason()).contains("wwid " + WWID_A)
                .contains("n1 sees WWID " + WWID_B).contains("n2 sees WWID " + WWID_B));

        Plan right = plan(spec("naa.60000000000000000e00000000020001"), n1, n2);
        assertThat(writers(right)).anyMatch(l -> l.contains("pvcreate"));
    }

    @Test
    void aSpecWwidNoNodeCanVerify_blocks() {
        Plan plan = plan(spec(WWID_A), node("n1").loggedIn("").build(), node("n2").loggedIn("").build());
        assertThat(writers(plan)).isEmpty();
        assertThat(plan.blocked()).anySatisfy(b -> assertThat(b.reason()).contains("identity unknown"));
    }

    @Test
    void aDisputedVgIsNotRemovedFrom() {
        Spec absent = Fx.spec(Fx.lv("lv01", "n1", G, FsType.EXT4, "/mnt/t_lv01").withState(LvState.ABSENT));
        Plan plan = Planner.plan(absent, fleet(
                node("n1").withVg().lv("lv01", G, false, false, "lvmops_owner_n1").vgUuid("vg-A").build(),
                node("n2").withVg().lv("lv01", G, false, false, "lvmops_owner_n1").vgUuid("vg-B").build()),
                new PlanOptions(true, java.util.Set.of(), false));
        assertThat(writers(plan)).isEmpty();
    }

    /**
     * An unreachable node's view of the device is unknown: it may reach another disk under the path. Nothing is
     * initialised until it is observed, or declared down.
     */
    @Test
    void aNodeUnreachable_theBlankDeviceIsNotInitialisedUntilItIsObservedOrFenced() {
        NodeObservation n1 = node("n1").loggedIn("").identity("mpath-" + WWID_A, 8 * G, null).build();
        Plan plan = plan(spec(null), n1, NodeObservation.unreachable("n2", "connection refused"));
        assertThat(writers(plan)).noneMatch(l -> l.contains("pvcreate") || l.contains("vgcreate"));
        assertThat(plan.blocked()).anySatisfy(b -> assertThat(b.reason()).contains("n2").contains("unreachable")
                .contains(Fx.DEV));

        Plan fenced = Planner.plan(spec(null), fleet(n1, NodeObservation.unreachable("n2", "connection refused")),
                new PlanOptions(false, java.util.Set.of("n2"), false));
        assertThat(writers(fenced)).anyMatch(l -> l.contains("pvcreate"));
    }

    /**
     * No node has seen the device yet: there is nothing to compare at plan time, so every node logs in first (once
     * the metadata node proved the device blank: a login to a blank device cannot activate anything) and the apply
     * compares every node's view of it right before the first write.
     */
    @Test
    void noNodeHasSeenTheDevice_everyNodeLogsInAndTheirViewsAreComparedBeforeTheFirstWrite() {
        Plan plan = plan(spec(null), node("n1").build(), node("n2").build());
        List<io.lvmops.plan.step.Step> s = plan.steps();
        int same = indexOf(s, io.lvmops.plan.step.VerifySameDevice.class, "n1");
        assertThat(same).as("a VerifySameDevice step in %s", s).isNotNegative();
        io.lvmops.plan.step.VerifySameDevice v = (io.lvmops.plan.step.VerifySameDevice) s.get(same);
        assertThat(v.device()).isEqualTo(Fx.DEV);
        assertThat(v.nodes()).containsExactly("n1", "n2");
        int pvcreate = indexOf(s, io.lvmops.plan.step.PvCreate.class, "n1");
        assertThat(pvcreate).isGreaterThan(same);
        StepGraph graph = StepGraph.of(s);
        assertThat(graph.waitsFor(pvcreate, same)).isTrue();
        assertThat(graph.waitsFor(same, indexOf(s, io.lvmops.plan.step.WaitForDevice.class, "n2"))).isTrue();
        assertThat(graph.waitsFor(same, indexOf(s, io.lvmops.plan.step.WaitForDevice.class, "n1"))).isTrue();
    }

    /** One node could not read the device's identity, the other could: unknown is not agreement. */
    @Test
    void anIdentityOneNodeCannotRead_blocksWhileAnotherNodeReadsOne() {
        Plan plan = plan(spec(null), node("n1").loggedIn("").identity("mpath-" + WWID_A, 8 * G, null).build(),
                node("n2").loggedIn("").identity(null, 8 * G, null).build());
        assertThat(writers(plan)).isEmpty();
        assertThat(plan.blocked()).anySatisfy(b -> assertThat(b.reason()).contains("n1 sees WWID " + WWID_A)
                .contains("n2 sees identity unknown"));

        Plan neither = plan(spec(null), node("n1").loggedIn("").identity(null, 8 * G, null).build(),
                node("n2").loggedIn("").identity(null, 8 * G, null).build());
        assertThat(writers(neither)).as("no node reads an identity: size and content are compared")
                .anyMatch(l -> l.contains("pvcreate"));
    }

    private static int indexOf(List<io.lvmops.plan.step.Step> steps, Class<?> type, String node) {
        for (int i = 0; i < steps.size(); i++) {
            if (type.isInstance(steps.get(i)) && steps.get(i).node().equals(node)) {
                return i;
            }
        }
        return -1;
    }
}
