package io.lvmops.model.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps lvmops-spec-v1.schema.json in step with {@link SpecFields} (the loader's key table) and the examples. */
class SpecSchemaTest {
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonNode schemaJson() throws IOException {
        try (InputStream in = SpecLoader.class.getResourceAsStream("/lvmops-spec-v1.schema.json")) {
            assertThat(in).as("schema published in the model jar").isNotNull();
            return JSON.readTree(in);
        }
    }

    private static JsonSchema schema() throws IOException {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaJson());
    }

    private static JsonNode definition(JsonNode schema, String kind) {
        return kind.equals(SpecFields.SPEC) ? schema : schema.path("$defs").path(kind);
    }

    @Test
    void everyKindHasExactlyTheLoadersKeysRequiredKeysEnumsAndDefaults() throws IOException {
        JsonNode schema = schemaJson();
        for (String kind : SpecFields.kinds()) {
            JsonNode def = definition(schema, kind);
            assertThat(def.path("additionalProperties").asBoolean(true)).as(kind + " additionalProperties").isFalse();
            Set<String> properties = new HashSet<>();
            def.path("properties").fieldNames().forEachRemaining(properties::add);
            assertThat(properties).as(kind + " properties").containsExactlyInAnyOrderElementsOf(SpecFields.keys(kind));
            Set<String> required = new HashSet<>();
            def.path("required").forEach(r -> required.add(r.asText()));
            assertThat(required).as(kind + " required").isEqualTo(SpecFields.requiredKeys(kind));
            for (SpecFields.Field field : SpecFields.of(kind)) {
                JsonNode property = def.path("properties").path(field.name());
                assertThat(property.path("description").asText()).as(kind + "." + field.name() + " description")
                        .isEqualTo(field.description());
                if (field.defaultValue() != null) {
                    assertThat(property.path("default").asText()).as(kind + "." + field.name() + " default")
                            .isEqualTo(field.defaultValue());
                } else {
                    assertThat(property.has("default")).as(kind + "." + field.name() + " has no default").isFalse();
                }
                if (field.type() == SpecFields.Type.ENUM) {
                    List<String> values = new ArrayList<>();
                    property.path("enum").forEach(v -> values.add(v.asText()));
                    assertThat(values).as(kind + "." + field.name() + " enum").isEqualTo(field.values());
                }
                if (field.kind() != null) {
                    String ref = field.type() == SpecFields.Type.OBJECT ? property.path("$ref").asText()
                            : property.path("items").path("$ref").asText();
                    assertThat(ref).as(kind + "." + field.name() + " $ref").isEqualTo("#/$defs/" + field.kind());
                }
            }
        }
    }

    static Stream<Path> exampleFiles() throws IOException {
        try (Stream<Path> files = Files.walk(EXAMPLES)) {
            List<Path> yamls = files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(SpecSchemaTest::isSpecFile).sorted().toList();
            assertThat(yamls).hasSizeGreaterThanOrEqualTo(4);
            return yamls.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("exampleFiles")
    void everyExampleFileValidatesAgainstTheSchema(Path file) throws IOException {
        Set<ValidationMessage> messages = schema().validate(YAML.readTree(file.toFile()));
        assertThat(messages).as(file.toString()).isEmpty();
    }

    static Stream<Path> exampleSpecs() throws IOException {
        try (Stream<Path> dirs = Files.list(EXAMPLES)) {
            List<Path> specs = dirs.filter(Files::isDirectory).filter(SpecSchemaTest::holdsSpecFiles).sorted().toList();
            assertThat(specs).extracting(p -> p.getFileName().toString()).contains("two-nodes", "multi");
            return specs.stream();
        }
    }

    /**
     * examples/ also holds other YAML (CI workflows in examples/ci): a spec file is one that says it is, with
     * {@code apiVersion: lvmops/v1}, as the git hooks decide too.
     */
    private static boolean isSpecFile(Path file) {
        try {
            return Files.readAllLines(file).stream().anyMatch(l -> l.strip().equals("apiVersion: lvmops/v1"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean holdsSpecFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> (f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    && isSpecFile(f));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("exampleSpecs")
    void everyExamplePassesTheLoader(Path dir) {
        LoadedSpec loaded = SpecLoader.load(dir);
        assertThat(loaded.errors()).as(dir.toString()).isEmpty();
        assertThat(loaded.spec().logicalVolumes()).isNotEmpty();
    }

    @Test
    void theSchemaRejectsWhatTheLoaderRejectsForShape() throws IOException {
        JsonSchema schema = schema();
        assertThat(schema.validate(YAML.readTree(SpecTexts.VALID))).isEmpty();
        for (String bad : List.of(
                SpecTexts.withLine(24, "      mount_point: /mnt/t_lv01"),
                SpecTexts.withLine(1, "apiVersion: lvmops/v2"),
                SpecTexts.withLine(20, "    size: 1GB"),
                SpecTexts.withLine(23, "      type: btrfs"),
                SpecTexts.withLine(12, "      target: iqn.16-11.com.test"),
                SpecTexts.withLine(18, "  - name: -lv"),
                SpecTexts.withLine(4, "    host: a\n    port: 70000"))) {
            assertThat(schema.validate(YAML.readTree(bad))).as(bad).isNotEmpty();
            assertThat(SpecTexts.load(bad).valid()).as(bad).isFalse();
        }
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> strictValues() {
        // the one rule across two fields (vg and LV name together give the device-mapper name) is the loader's alone
        return StrictValuesTest.badValues().filter(a -> !String.valueOf(a.get()[1]).contains("device-mapper name"));
    }

    @ParameterizedTest
    @MethodSource("strictValues")
    void theSchemaRejectsEveryStrictValueTheLoaderRejects(String yaml, String loaderError) throws IOException {
        assertThat(schema().validate(YAML.readTree(yaml))).as(loaderError).isNotEmpty();
    }

    @Test
    void theSchemaAcceptsTheGoodStrictValues() throws IOException {
        JsonSchema schema = schema();
        for (String path : List.of("/dev/mapper/test_block_a", "/dev/disk/by-id/scsi-x@y", "/dev/vg0/lv+1",
                "/dev/disk/by-path/ip-192.168.10.5:3260-iscsi-iqn.2016-11.com.test:block-a-lun-1")) {
            assertThat(schema.validate(YAML.readTree(SpecTexts.withLine(9, "    path: '" + path + "'")))).as(path).isEmpty();
        }
        for (String target : List.of("iqn.2016-11.com.test", "eui.02004567A425678D", "naa.6001405abcdef0123456789abcdef012")) {
            assertThat(schema.validate(YAML.readTree(SpecTexts.withLine(12, "      target: '" + target + "'")))).as(target).isEmpty();
        }
        for (String mount : List.of("/srv/data", "/var/lib/pgsql", "/data", "/home/shared", "/mnt/a.b@c+d-e")) {
            assertThat(schema.validate(YAML.readTree(SpecTexts.withLine(24, "      mountPoint: '" + mount + "'")))).as(mount).isEmpty();
        }
    }
}
