package io.lvmops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lvmops.lab.Lab;
import io.lvmops.lab.LabExtension;
import io.lvmops.lab.LabSize;
import io.lvmops.lab.ScenarioClock;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue "never destroy, never run what was not planned", parts 1 and 2, on real nodes. (a) An LV made by hand whose
 * first MiB holds bytes no tool recognises (blkid -p finds nothing: that is the point) is drift, not an mkfs; with
 * --allow-format naming it, the node's own blank proof refuses the mkfs with the evidence; its bytes never change.
 * The real pvcreate and mkfs of a fresh VG and LV pass the same proof on real block devices. (b) A plan file with an
 * added, changed or option-flipped step is refused and the nodes stay untouched (the file it tried to write does
 * not exist). (c) An LV created by lvmops on extents that held data (a removed LV's) is zeroed over the range the proof
 * reads as part of its lvcreate step, so its mkfs runs and it mounts.
 */
@Tag("lab")
@EnabledIf(value = "io.lvmops.lab.Lab#available", disabledReason = "lab/lab is absent from this checkout")
@ExtendWith({LabExtension.class, ScenarioClock.class})
@LabSize(nodes = 2, luns = 1, lunSize = "2G")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NoDestroyLabTest {
    private static final Duration CLI_TIMEOUT = Duration.ofMinutes(5);
    private static final String LV02 = "/dev/vg0/lv02";
    private static final String CRON = "/etc/cron.d/lvmops-tampered";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static String checksum;

    /** The two-node example plus vg0/lv02 (64M, owner node1, ext4) when {@code withLv02}. */
    private static Path spec(Lab lab, boolean withLv02) throws IOException {
        String storage = Files.readString(lab.repositoryRoot().resolve("examples/two-nodes/storage.yaml"));
        if (withLv02) {
            storage += "  - name: lv02\n    vg: vg0\n    size: 64M\n    owner: node1\n"
                    + "    filesystem: {type: ext4, mountPoint: /mnt/t_lv02}\n";
        }
        return lab.specDirectory(tmp.resolve(withLv02 ? "spec-lv02" : "spec"), Map.of("storage.yaml", storage));
    }

    private static Lab.Result lvmops(Lab lab, String... args) throws IOException {
        return lab.lvmopsLogged(CLI_TIMEOUT, args);
    }

    private static String lv02Checksum(Lab lab) throws IOException {
        return lab.sshOk("node1", "sha256sum " + LV02 + " | cut -d' ' -f1").strip();
    }

    @Test
    @Order(1)
    void aFreshVgAndLvPassTheNodesBlankProofOnRealBlockDevices(Lab lab) throws IOException {
        Lab.Result apply = lvmops(lab, "apply", "--auto-approve", spec(lab, false).toString());
        assertThat(apply.exitCode()).as(apply.stdout() + apply.stderr()).isZero();
        assertThat(apply.stdout()).contains("(if /dev/mapper/test_block_a is provably blank) lvm pvcreate")
                .contains("(if /dev/vg0/lv01 is provably blank) mkfs.ext4");
        assertThat(lab.sshOk("node1", "findmnt -n -o FSTYPE /mnt/t_lv01").strip()).isEqualTo("ext4");
    }

    @Test
    @Order(2)
    void anExistingLvWithUnrecognisedContentIsDriftNotAnMkfs(Lab lab) throws IOException {
        // made by hand, tagged for its owner, its first MiB random: someone's raw data
        lab.sshOk("node1", "lvm lvcreate --yes -n lv02 -L 64M -ay --addtag lvmops_owner_node1 vg0 >/dev/null && "
                + "dd if=/dev/urandom of=" + LV02 + " bs=1M count=1 conv=fsync status=none");
        Lab.Result blkid = lab.ssh("node1", "blkid -p " + LV02);
        System.out.println("blkid -p " + LV02 + ": exit " + blkid.exitCode() + " '" + blkid.stdout().strip() + "'");
        checksum = lv02Checksum(lab);
        Path spec = spec(lab, true);

        Lab.Result plan = lvmops(lab, "plan", spec.toString());
        assertThat(plan.stdout()).contains("no filesystem recognised on vg0/lv02; lvmops does not format an existing LV")
                .doesNotContain("mkfs");
        Lab.Result apply = lvmops(lab, "apply", "--auto-approve", spec.toString());
        assertThat(apply.stdout() + apply.stderr()).doesNotContain("mkfs");
        assertThat(lv02Checksum(lab)).as("lv02's bytes unchanged").isEqualTo(checksum);
    }

    @Test
    @Order(3)
    void withAllowFormatTheNodesBlankProofRefusesTheMkfsWithTheEvidence(Lab lab) throws IOException {
        Path spec = spec(lab, true);
        Lab.Result plan = lvmops(lab, "plan", spec.toString(), "--allow-format", "vg0/lv02");
        assertThat(plan.stdout()).contains("(if /dev/vg0/lv02 is provably blank) mkfs.ext4 -q /dev/vg0/lv02");

        Lab.Result apply = lvmops(lab, "apply", "--auto-approve", spec.toString(), "--allow-format", "vg0/lv02");
        assertThat(apply.exitCode()).isEqualTo(ExitCode.ERROR);
        assertThat(apply.stderr()).contains("exit code 97", "/dev/vg0/lv02 is not provably blank",
                "first MiB is not all zeros", "refusing to run: mkfs.ext4 -q /dev/vg0/lv02");
        assertThat(apply.stdout()).doesNotContain("Apply complete");
        assertThat(lv02Checksum(lab)).as("lv02's bytes unchanged").isEqualTo(checksum);
        assertThat(lab.ssh("node1", "findmnt -n /mnt/t_lv02").exitCode()).as("nothing mounted").isNotZero();
    }

    private static Path tampered(Path saved, String name, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode doc = (ObjectNode) JSON.readTree(Files.readString(saved));
        edit.accept(doc);
        return Files.writeString(saved.resolveSibling(name), JSON.writeValueAsString(doc));
    }

    private static ObjectNode step(ObjectNode doc, String type, String node) {
        return ((ArrayNode) doc.get("steps")).addObject().put("type", type).put("node", node);
    }

    @Test
    @Order(4)
    void aTamperedPlanIsRefusedAndTheNodesStayUntouched(Lab lab) throws IOException {
        Path spec = spec(lab, true);
        Path saved = tmp.resolve("plan.json");
        Lab.Result plan = lvmops(lab, "plan", spec.toString(), "--out", saved.toString());
        assertThat(saved).exists();
        String lvsBefore = lab.sshOk("node1", "lvm lvs --noheadings -o lv_name,lv_active,lv_tags vg0");

        // a config write of a file lvmops does not manage: the plan does not even load
        Path cron = tampered(saved, "cron.json", doc -> step(doc, "lvmConfigWrite", "node1").put("path", CRON)
                .put("expectedSha256", "absent").put("content", "* * * * * root touch /tmp/owned\n")
                .put("reason", "tampered").putArray("diff"));
        Lab.Result r1 = lvmops(lab, "apply", cron.toString());
        assertThat(r1.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(r1.stderr()).contains(CRON, "not a file lvmops manages");

        // a step of a kind the planner makes, aimed at that path: loads, re-planned, refused
        Path mkdir = tampered(saved, "mkdir.json", doc -> step(doc, "mkdir", "node1").put("path", CRON)
                .put("reason", "tampered"));
        Lab.Result r2 = lvmops(lab, "apply", mkdir.toString());
        assertThat(r2.exitCode()).isEqualTo(ExitCode.ERROR);
        assertThat(r2.stderr()).contains("the plan file and what the spec and the nodes give differ",
                "mkdir -p " + CRON, "Nothing was changed");

        // an lvremove without --allow-destroy
        Path remove = tampered(saved, "remove.json", doc -> step(doc, "lvremove", "node1").put("vg", "vg0")
                .put("lv", "lv01").put("reason", "tampered"));
        Lab.Result r3 = lvmops(lab, "apply", remove.toString());
        assertThat(r3.exitCode()).isEqualTo(ExitCode.ERROR);
        assertThat(r3.stderr()).contains("lvm lvremove --config devices/hints=none vg0/lv01", "Nothing was changed");

        // the option flipped: --allow-format claimed for lv02, whose mkfs the plan file does not have
        Path flipped = tampered(saved, "flipped.json", doc -> ((ObjectNode) doc.get("options"))
                .putArray("allowFormat").add("vg0/lv02"));
        Lab.Result r4 = lvmops(lab, "apply", flipped.toString());
        assertThat(r4.exitCode()).isEqualTo(ExitCode.ERROR);
        assertThat(r4.stderr()).contains("mkfs.ext4 -q /dev/vg0/lv02", "Nothing was changed");

        for (String node : lab.nodeNames()) {
            assertThat(lab.ssh(node, "test -e " + CRON).exitCode()).as(CRON + " on " + node).isNotZero();
        }
        assertThat(lab.sshOk("node1", "lvm lvs --noheadings -o lv_name,lv_active,lv_tags vg0")).isEqualTo(lvsBefore);
        assertThat(lv02Checksum(lab)).isEqualTo(checksum);

        // the untouched plan applies (it has nothing left to do but is accepted)
        Lab.Result ok = lvmops(lab, "apply", saved.toString());
        assertThat(ok.stderr()).doesNotContain("differ");
        assertThat(plan.exitCode()).isEqualTo(ok.exitCode());
    }

    /** The two-node example, vg0/lv02 {@code state: absent}, and vg0/lv03 (64M, owner node1, ext4) when {@code withLv03}. */
    private static Path reuseSpec(Lab lab, boolean withLv03) throws IOException {
        String storage = Files.readString(lab.repositoryRoot().resolve("examples/two-nodes/storage.yaml"))
                + "  - name: lv02\n    vg: vg0\n    size: 64M\n    owner: node1\n    state: absent\n";
        if (withLv03) {
            storage += "  - name: lv03\n    vg: vg0\n    size: 64M\n    owner: node1\n"
                    + "    filesystem: {type: ext4, mountPoint: /mnt/t_lv03}\n";
        }
        return lab.specDirectory(tmp.resolve(withLv03 ? "spec-lv03" : "spec-no-lv02"), Map.of("storage.yaml", storage));
    }

    private static String peRanges(Lab lab, String lv) throws IOException {
        return lab.sshOk("node1", "lvm lvs --noheadings -o seg_pe_ranges vg0/" + lv).strip();
    }

    @Test
    @Order(5)
    void aNewLvOnExtentsThatHeldDataIsZeroedAtCreationSoItsMkfsRuns(Lab lab) throws IOException {
        // a pattern over all of lv02, then the VG's remaining free space taken by hand (inactive, no tag), so that a
        // new LV can only land on lv02's old extents; lvcreate -Zy zeroes only their first 4 KiB
        lab.sshOk("node1", "tr '\\000' '\\252' </dev/zero | dd of=" + LV02 + " bs=1M count=64 iflag=fullblock "
                + "oflag=direct status=none && lvm lvcreate --yes -n filler -l 100%FREE -an -Zn "
                + "--setautoactivation n vg0 >/dev/null");
        String lv02Extents = peRanges(lab, "lv02");

        Lab.Result remove = lvmops(lab, "apply", "--auto-approve", "--allow-destroy", reuseSpec(lab, false).toString());
        assertThat(remove.exitCode()).as(remove.stdout() + remove.stderr()).isZero();
        assertThat(lab.ssh("node1", "lvm lvs vg0/lv02").exitCode()).as("lv02 removed").isNotZero();

        Lab.Result create = lvmops(lab, "apply", "--auto-approve", "--allow-destroy", reuseSpec(lab, true).toString());
        assertThat(peRanges(lab, "lv03")).as("lv03 reuses lv02's extents").isEqualTo(lv02Extents);
        assertThat(create.exitCode()).as(create.stdout() + create.stderr()).isZero();
        assertThat(create.stdout()).contains("then zero the first and last MiB of the new /dev/vg0/lv03")
                .contains("(if /dev/vg0/lv03 is provably blank) mkfs.ext4 -q /dev/vg0/lv03");
        assertThat(lab.sshOk("node1", "findmnt -n -o FSTYPE /mnt/t_lv03").strip()).isEqualTo("ext4");
    }
}
