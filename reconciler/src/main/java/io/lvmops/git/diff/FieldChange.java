package io.lvmops.git.diff;

/** One field's old and new value, as written in a spec ({@code "(none)"} for an unset optional field). */
public record FieldChange(String field, String oldValue, String newValue) {
    @Override
    public String toString() {
        return field + " " + oldValue + " → " + newValue;
    }
}
