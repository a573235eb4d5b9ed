package io.lvmops.model.load;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random mutations of a valid spec (dropped keys, wrong types, random values, duplicated entries, broken references,
 * random bytes in the text) never make an exception escape the loader, and every problem is reported as an error
 * with a position, never as the loader's "internal error" safety net.
 */
class SpecMutationPropertiesTest {

    @Property(tries = 400)
    void structuralMutationsNeverThrow(@ForAll("seeds") long seed, @ForAll("counts") int mutations) {
        Object tree = new Yaml(new LoaderOptions()).load(SpecTexts.VALID);
        Random random = new Random(seed);
        for (int i = 0; i < mutations; i++) {
            tree = mutate(tree, random, 0);
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(random.nextBoolean() ? DumperOptions.FlowStyle.BLOCK : DumperOptions.FlowStyle.FLOW);
        assertWellBehaved(new Yaml(options).dump(tree));
    }

    @Property(tries = 400)
    void textMutationsNeverThrow(@ForAll("textEdits") List<Edit> edits) {
        StringBuilder text = new StringBuilder(SpecTexts.VALID);
        for (Edit e : edits) {
            int at = Math.floorMod(e.position(), text.length() + 1);
            int end = Math.min(text.length(), at + e.deleted());
            text.replace(at, end, e.inserted());
        }
        assertWellBehaved(text.toString());
    }

    record Edit(int position, int deleted, String inserted) {
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Provide
    Arbitrary<Integer> counts() {
        return Arbitraries.integers().between(1, 6);
    }

    @Provide
    Arbitrary<List<Edit>> textEdits() {
        Arbitrary<String> inserted = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(6),                       // any characters, control ones included
                Arbitraries.of(":", "- ", "[", "]", "{", "}", "&a ", "*a", "!!binary ", "\t", "\n", "  ", "#", "'", "\"",
                        "<<: ", "? ", "|", "%YAML 1.1\n", "---\n", "\u0000", "\uFEFF", "~", "null", "0x1F", "1e9"));
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, 2000),
                Arbitraries.integers().between(0, 8), inserted).as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(5);
    }

    static void assertWellBehaved(String yaml) {
        LoadedSpec loaded;
        try {
            loaded = SpecTexts.load(yaml);
        } catch (Throwable t) {
            throw new AssertionError("the loader threw for:\n" + yaml, t);
        }
        assertThat(loaded.valid()).isEqualTo(loaded.errors().isEmpty());
        for (SpecError e : loaded.errors()) {
            assertThat(e.message()).as(yaml).doesNotContain("internal error").doesNotContain("Exception");
            assertThat(e.file()).isEqualTo("spec.yaml");
            assertThat(e.line()).isPositive();
            assertThat(e.toString()).doesNotContain("\n");
        }
        assertThat(loaded.errors()).isSorted();
    }

    /** Replaces, drops, duplicates or retypes one random place in the tree. */
    @SuppressWarnings("unchecked")
    static Object mutate(Object node, Random random, int depth) {
        if (node instanceof Map<?, ?> map && !map.isEmpty() && random.nextInt(4) != 0) {
            Map<Object, Object> copy = new LinkedHashMap<>((Map<Object, Object>) map);
            List<Object> keys = new ArrayList<>(copy.keySet());
            Object key = keys.get(random.nextInt(keys.size()));
            switch (random.nextInt(4)) {
                case 0 -> copy.remove(key);
                case 1 -> copy.put(key + (random.nextBoolean() ? "x" : ""), copy.remove(key));
                default -> copy.put(key, mutate(copy.get(key), random, depth + 1));
            }
            return copy;
        }
        if (node instanceof List<?> list && !list.isEmpty() && random.nextInt(4) != 0) {
            List<Object> copy = new ArrayList<>(list);
            int i = random.nextInt(copy.size());
            switch (random.nextInt(3)) {
                case 0 -> copy.add(copy.get(i)); // a duplicate entry
                case 1 -> copy.remove(i);
                default -> copy.set(i, mutate(copy.get(i), random, depth + 1));
            }
            return copy;
        }
        return randomValue(random);
    }

    static Object randomValue(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> random.nextInt();
            case 1 -> random.nextLong();
            case 2 -> random.nextDouble() * 1e6;
            case 3 -> random.nextBoolean();
            case 4 -> null;
            case 5 -> List.of(randomString(random), random.nextInt(100));
            case 6 -> Map.of(randomString(random), randomString(random));
            case 7 -> List.of("node1", "vg0", "test_block_a", "lv01").get(random.nextInt(4)) + (random.nextBoolean() ? "" : "9");
            case 8 -> List.of("1G", "0", "-1G", "1GB", "1.5", "/mnt/x", "iqn.2016-11.a:b", "[::1]:3260", "ext4", "absent").get(random.nextInt(10));
            default -> randomString(random);
        };
    }

    static String randomString(Random random) {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            s.append((char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x3000)));
        }
        return s.toString();
    }
}
