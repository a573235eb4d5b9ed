package io.lvmops.observe;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Where and what went wrong reading a JSON file lvmops wrote (a snapshot, a saved plan). Jackson's own limits
 * (nesting depth, number and string length) report no location on the exception itself: it is taken from the parser.
 */
public final class JsonProblem {
    private JsonProblem() {
    }

    /** The line of the problem, or "?" when Jackson knows none. */
    public static String line(JsonProcessingException e, JsonParser parser) {
        JsonLocation at = e.getLocation();
        if (at == null && e.getProcessor() instanceof JsonParser p) {
            at = p.currentLocation();
        }
        if (at == null && parser != null) {
            at = parser.currentLocation();
        }
        return at == null || at.getLineNr() < 0 ? "?" : String.valueOf(at.getLineNr());
    }

    /** Jackson's message on one line, without its hints about Java classes. */
    public static String message(JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        return m.replaceAll("\\s*\\R\\s*", " ").replaceAll(", from `StreamReadConstraints\\.[A-Za-z]+\\(\\)`", "")
                .trim();
    }
}
