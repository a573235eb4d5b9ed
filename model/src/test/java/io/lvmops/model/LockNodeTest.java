package io.lvmops.model;

import io.lvmops.model.load.LoadedSpec;
import io.lvmops.model.load.SpecTexts;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The lock node rule reads the spec only: the named metadataNode, else the first node in spec order. */
class LockNodeTest {
    private static Spec spec(List<NodeSpec> nodes, String metadataNode) {
        return new Spec(nodes, List.of(), List.of(new VolumeGroupSpec("vg0", List.of("d0"), null, null, metadataNode)),
                List.of());
    }

    @Test
    void theNamedMetadataNodeElseTheFirstNodeInSpecOrder() {
        List<NodeSpec> nodes = List.of(NodeSpec.of("node2", "h2"), NodeSpec.of("node1", "h1"));
        Spec unnamed = spec(nodes, null);
        assertThat(LockNode.of(unnamed, unnamed.volumeGroups().get(0))).isEqualTo("node2");
        Spec named = spec(nodes, "node1");
        assertThat(LockNode.of(named, named.volumeGroups().get(0))).isEqualTo("node1");
    }

    @Test
    void aFencedFirstNodeIsValidWhenTheVgNamesItsLockNode() {
        LoadedSpec loaded = SpecTexts.load(SpecTexts.withLine(4, "    host: node1.test.com\n    fenced: true")
                .replace("    devices: [test_block_a]\n", "    devices: [test_block_a]\n    metadataNode: node2\n"));
        assertThat(loaded.errors()).isEmpty();
        Spec spec = loaded.spec();
        assertThat(LockNode.of(spec, spec.volumeGroups().get(0))).isEqualTo("node2");
    }
}
