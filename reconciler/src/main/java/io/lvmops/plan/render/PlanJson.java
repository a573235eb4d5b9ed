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
import io.lvmops.plan.PlanOptions;
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
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    /**
     * The document's shape. {@code options} and {@code spec} are present in a saved plan ({@code plan --out}): what
     * {@code apply PLAN.json} needs to load the same spec and re-check it against the same options; {@code git} too
     * when the spec was read from Git.
     */
    record Document(int formatVersion, String specRevision, String fingerprint, PlanSummary summary,
                    List<Step> steps, List<Drift> drift, List<Blocked> blocked,
                    @JsonInclude(JsonInclude.Include.NON_NULL) PlanOptions options,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String spec,
                    @JsonInclude(JsonInclude.Include.NON_NULL) GitSpec git) {
    }

    /**
     * Where a spec read from Git came from, pinned to its commit: apply re-reads exactly this commit (a later commit
     * on the branch does not make the plan stale, and the content at a commit cannot change).
     *
     * @param ref    the branch or tag name the commit was found under (for the Flux-style revision), or null
     * @param path   the spec file or directory in the repository ("" for the top)
     * @param commit the full 40-hex commit id
     */
    public record GitSpec(String url, String ref, String path, String commit) {
        public GitSpec {
            if (url == null || url.isBlank() || commit == null || !commit.matches("[0-9a-f]{40}")) {
                throw new IllegalArgumentException("git: a saved plan from Git needs its url and a 40-hex commit");
            }
            path = path == null ? "" : path;
        }
    }

    /**
     * A plan with the options it was made with and the spec it was made from: a path or a source name, and for a
     * spec from Git its pinned source (else null).
     */
    public record Saved(Plan plan, PlanOptions options, String spec, GitSpec git) {
    }

    private PlanJson() {
    }

    public static String write(Plan plan) {
        return write(plan, null, null, null);
    }

    /** A saved plan: the plan plus the options and spec apply needs to re-check it. */
    public static String write(Plan plan, PlanOptions options, String spec) {
        return write(plan, options, spec, null);
    }

    /** As {@link #write(Plan, PlanOptions, String)} for a spec read from Git ({@code git} null for a local one). */
    public static String write(Plan plan, PlanOptions options, String spec, GitSpec git) {
        try {
            return MAPPER.writeValueAsString(new Document(plan.formatVersion(), plan.specRevision(),
                    plan.fingerprint(), plan.summary(), plan.steps(), plan.drift(), plan.blocked(), options, spec,
                    git))
                    + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the plan as JSON: " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException with a message for the operator when the text is not a plan lvmops wrote */
    public static Plan read(String json) {
        return readSaved(json).plan();
    }

    /**
     * As {@link #read(String)}, with the saved options (DEFAULT when absent) and spec (null when absent).
     *
     * @throws IllegalArgumentException with a message for the operator when the text is not a plan lvmops wrote
     */
    public static Saved readSaved(String json) {
        Document d;
        com.fasterxml.jackson.databind.JsonNode tree;
        com.fasterxml.jackson.core.JsonParser parser = null;
        try {
            parser = MAPPER.createParser(json);
            tree = MAPPER.readTree(parser);
            int steps = tree == null ? 0 : tree.path("steps").size();
            if (steps > MAX_STEPS) {
                // bounded time: no fleet's plan comes near this, and each step is checked and re-planned
                throw new IllegalArgumentException("not a plan written by lvmops plan --out: " + steps
                        + " steps (a saved plan may have at most " + MAX_STEPS + ")");
            }
            d = tree == null || !tree.isObject() ? null : MAPPER.readValue(json, Document.class);
        } catch (JsonProcessingException e) {
            // a step the records refuse to exist (e.g. a config write of a file lvmops does not manage): its words
            String why = e.getCause() instanceof IllegalArgumentException refused ? refused.getMessage()
                    : io.lvmops.observe.JsonProblem.message(e);
            String field = io.lvmops.observe.JsonProblem.field(e);
            throw new Unreadable(io.lvmops.observe.JsonProblem.lineNr(e, parser),
                    io.lvmops.observe.JsonProblem.columnNr(e, parser), (field.isEmpty() ? "" : field + ": ") + why, e);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read the plan: " + e.getMessage(), e);
        }
        if (d == null) {
            throw new IllegalArgumentException("not a plan written by lvmops plan --out: not a JSON object");
        }
        if (d.formatVersion() != Plan.FORMAT_VERSION) {
            throw new IllegalArgumentException("plan format version " + d.formatVersion() + " is not supported (this "
                    + "lvmops reads version " + Plan.FORMAT_VERSION + ")");
        }
        List<Step> steps = d.steps() == null ? List.of() : d.steps();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) == null) {
                throw new IllegalArgumentException("not a plan written by lvmops plan --out: steps[" + i
                        + "] is null");
            }
            // the argv is derived from the fields; one that says otherwise was edited by hand: refuse, not ignore
            com.fasterxml.jackson.databind.JsonNode argv = tree.path("steps").path(i).get("argv");
            if (argv != null && !argv.isNull() && !MAPPER.convertValue(argv, List.class).equals(steps.get(i).argv())) {
                throw new IllegalArgumentException("not a plan written by lvmops plan --out: steps[" + i
                        + "].argv was edited: it is not the command the step's fields give (" + steps.get(i)
                        .commandLine() + ")");
            }
        }
        Plan plan = new Plan(d.formatVersion(), d.specRevision(), d.fingerprint(), steps,
                d.drift() == null ? List.of() : d.drift(), d.blocked() == null ? List.of() : d.blocked());
        return new Saved(plan, d.options() == null ? PlanOptions.DEFAULT : d.options(), d.spec(), d.git());
    }

    /** The most steps a saved plan may have. */
    public static final int MAX_STEPS = 10_000;

    /** A plan file that is not JSON lvmops can read, with where (line and column; -1 when unknown) and why. */
    public static final class Unreadable extends IllegalArgumentException {
        private final int line;
        private final int column;
        private final String why;

        Unreadable(int line, int column, String why, Throwable cause) {
            super("not a plan written by lvmops plan --out: line " + (line < 0 ? "?" : line) + ": " + why, cause);
            this.line = line;
            this.column = column;
            this.why = why;
        }

        /** {@code FILE:LINE:COLUMN: not a plan ...: WHY}. */
        public String describe(String file) {
            return file + (line < 0 ? "" : ":" + line + ":" + column) + ": not a plan written by lvmops plan --out: "
                    + why;
        }
    }
}
