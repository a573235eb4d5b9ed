package io.lvmops.observe;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The snapshot file of {@code lvmops observe --out} and {@code plan --observed}: a {@link FleetObservation} as
 * JSON with a {@code formatVersion}. lv_attr is written as LVM prints it ("-wi-ao----"), times as ISO-8601.
 * A snapshot from a newer lvmops (higher formatVersion) is refused rather than half-understood.
 */
public final class ObservationJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule("lvmops-observation")
                    .addSerializer(LvAttr.class, new LvAttrSerializer())
                    .addDeserializer(LvAttr.class, new LvAttrDeserializer())
                    .addSerializer(Instant.class, new InstantSerializer())
                    .addDeserializer(Instant.class, new InstantDeserializer()))
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // a second document after the snapshot is not silently ignored
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ObservationJson() {
    }

    public static String write(FleetObservation observation) {
        try {
            return MAPPER.writeValueAsString(observation) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the observation as JSON", e);
        }
    }

    /**
     * @param source named in error messages (a file name)
     * @throws SnapshotException with the source, line and field when the snapshot is unreadable or too new
     */
    public static FleetObservation read(String json, String source) throws SnapshotException {
        JsonNode tree;
        JsonParser parser = null;
        try {
            parser = MAPPER.createParser(json);
            tree = MAPPER.readTree(parser);
        } catch (JsonProcessingException e) {
            throw new SnapshotException(source + ":" + JsonProblem.position(e, parser) + ": not valid JSON: "
                    + JsonProblem.message(e));
        } catch (IOException e) {
            throw new SnapshotException(source + ": cannot read: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new SnapshotException(source + ": not an lvmops observation (expected a JSON object)");
        }
        JsonNode version = tree.get("formatVersion");
        if (version == null || !version.canConvertToExactIntegral()) {
            throw new SnapshotException(source + ": formatVersion is missing: not an lvmops observation snapshot");
        }
        if (version.asInt() != FleetObservation.FORMAT_VERSION) {
            throw new SnapshotException(source + ": formatVersion " + version.asText() + " is not supported (this "
                    + "lvmops reads formatVersion " + FleetObservation.FORMAT_VERSION + "); observe again with "
                    + "this version of lvmops");
        }
        String shape = SnapshotShape.problem(tree);
        if (shape != null) {
            throw new SnapshotException(source + ": " + shape);
        }
        try {
            return MAPPER.readValue(json, FleetObservation.class);
        } catch (JsonProcessingException e) {
            String field = JsonProblem.field(e);
            throw new SnapshotException(source + ":" + JsonProblem.position(e, null) + ": "
                    + (field.isEmpty() ? "" : field + ": ") + JsonProblem.message(e));
        }
    }

    /** A snapshot that cannot be used; the message names the file, line and field. */
    public static final class SnapshotException extends Exception {
        public SnapshotException(String message) {
            super(message);
        }
    }

    private static final class LvAttrSerializer extends JsonSerializer<LvAttr> {
        @Override
        public void serialize(LvAttr value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.toString());
        }
    }

    private static final class LvAttrDeserializer extends JsonDeserializer<LvAttr> {
        @Override
        public LvAttr deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            try {
                return LvAttr.parse(p.getValueAsString());
            } catch (IllegalArgumentException e) {
                return (LvAttr) ctxt.handleWeirdStringValue(LvAttr.class, p.getValueAsString(), e.getMessage());
            }
        }
    }

    private static final class InstantSerializer extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.toString());
        }
    }

    private static final class InstantDeserializer extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            try {
                return Instant.parse(p.getValueAsString());
            } catch (DateTimeParseException e) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, p.getValueAsString(), e.getMessage());
            }
        }
    }
}
