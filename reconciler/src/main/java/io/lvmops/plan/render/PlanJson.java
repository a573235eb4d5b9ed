package io.lvmops.plan.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.lvmops.plan.Blocked;
import io.lvmops.plan.Drift;
import io.lvmops.plan.Plan;
import io.lvmops.plan.PlanSummary;
import io.lvmops.plan.step.Step;

import java.util.List;

/**
 * The plan as versioned JSON ({@code formatVersion}), written by {@code plan --json} and {@code plan --out} and read
 * back by {@code apply PLAN.json}. Each step carries its type, fields, action symbol and exact argv (the argv is
 * derived from the fields when read back, so a hand-edited argv cannot sneak in).
 */
public final class PlanJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    /** The document's shape. */
    record Document(int formatVersion, String specRevision, String fingerprint, PlanSummary summary,
                    List<Step> steps, List<Drift> drift, List<Blocked> blocked) {
    }

    private PlanJson() {
    }

    public static String write(Plan plan) {
        try {
            return MAPPER.writeValueAsString(new Document(plan.formatVersion(), plan.specRevision(),
                    plan.fingerprint(), plan.summary(), plan.steps(), plan.drift(), plan.blocked())) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the plan as JSON: " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException with a message for the operator when the text is not a plan lvmops wrote */
    public static Plan read(String json) {
        Document d;
        try {
            d = MAPPER.readValue(json, Document.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a plan written by lvmops plan --out: "
                    + e.getOriginalMessage(), e);
        }
        if (d.formatVersion() != Plan.FORMAT_VERSION) {
            throw new IllegalArgumentException("plan format version " + d.formatVersion() + " is not supported (this "
                    + "lvmops reads version " + Plan.FORMAT_VERSION + ")");
        }
        return new Plan(d.formatVersion(), d.specRevision(), d.fingerprint(), d.steps() == null ? List.of()
                : d.steps(), d.drift() == null ? List.of() : d.drift(), d.blocked() == null ? List.of() : d.blocked());
    }
}
