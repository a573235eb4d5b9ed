package io.lvmops.observe;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * Where and what went wrong reading a JSON file lvmops wrote (a snapshot, a saved plan). Jackson's own limits
 * (nesting depth, number and string length) report no location on the exception itself: it is taken from the parser.
 * The words are for an operator: no Java class names (Jackson names the classes it maps to).
 */
public final class JsonProblem {
    private JsonProblem() {
    }

    /** The line of the problem, or "?" when Jackson knows none. */
    public static String line(JsonProcessingException e, JsonParser parser) {
        JsonLocation at = location(e, parser);
        return at == null || at.getLineNr() < 0 ? "?" : String.valueOf(at.getLineNr());
    }

    /** {@code LINE:COLUMN} of the problem (1-based), or "?:?" when Jackson knows none. */
    public static String position(JsonProcessingException e, JsonParser parser) {
        JsonLocation at = location(e, parser);
        if (at == null || at.getLineNr() < 0) {
            return "?:?";
        }
        return at.getLineNr() + ":" + Math.max(1, at.getColumnNr());
    }

    /** The line, or -1. */
    public static int lineNr(JsonProcessingException e, JsonParser parser) {
        JsonLocation at = location(e, parser);
        return at == null ? -1 : at.getLineNr();
    }

    /** The column, or -1. */
    public static int columnNr(JsonProcessingException e, JsonParser parser) {
        JsonLocation at = location(e, parser);
        return at == null || at.getLineNr() < 0 ? -1 : Math.max(1, at.getColumnNr());
    }

    private static JsonLocation location(JsonProcessingException e, JsonParser parser) {
        JsonLocation at = e.getLocation();
        if (at == null && e.getProcessor() instanceof JsonParser p) {
            at = p.currentLocation();
        }
        if (at == null && parser != null) {
            at = parser.currentLocation();
        }
        return at;
    }

    /** The field as a JSON path ({@code nodes[0].pvs[1].sizeBytes}); empty when the problem is not in a field. */
    public static String field(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException m)) {
            return "";
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** Jackson's message on one line, without its hints about Java classes. */
    public static String message(JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
        return m.replaceAll("\\s*\\R\\s*", " ").replaceAll(", from `StreamReadConstraints\\.[A-Za-z]+\\(\\)`", "")
                .replaceAll("\\s*\\(token `JsonToken\\.\\w+`\\)", "")
                .replaceAll("\\s*\\(class [\\w.$]+\\)", "")
                .replaceAll(", not marked as ignorable.*", " (not a field lvmops writes)")
                .replaceAll("`java\\.lang\\.NullPointerException`", "a required value is missing or null")
                .replaceAll("`java\\.util\\.\\w*(List|Set)(<[^`]*>)?`", "`list`")
                .replaceAll("`java\\.util\\.\\w*Map(<[^`]*>)?`", "`object`")
                .replaceAll("`java\\.time\\.Instant`", "`timestamp`")
                .replaceAll("`java\\.lang\\.String`", "`string`")
                .replaceAll("`(?:[a-z_]\\w*\\.)+(?:\\w+\\$)*(\\w+)(<[^`]*>)?`", "`$1`")
                .replaceAll("`\\w*(Exception|Error)`", "an invalid value")
                .trim();
    }
}
