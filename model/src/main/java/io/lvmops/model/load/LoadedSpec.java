package io.lvmops.model.load;

import io.lvmops.model.Spec;

import java.util.List;

/**
 * The result of loading a spec: either a spec and no errors, or no spec and every error found (sorted).
 *
 * @param spec   null when there are errors
 * @param errors sorted by file, line, column
 * @param marks  where each named element was defined (filled as far as loading got, even with errors)
 */
public record LoadedSpec(Spec spec, List<SpecError> errors, SourceMap marks) {
    public LoadedSpec {
        errors = List.copyOf(errors == null ? List.of() : errors.stream().sorted().toList());
        marks = marks == null ? SourceMap.EMPTY : marks;
        if (!errors.isEmpty()) {
            spec = null;
        }
    }

    public boolean valid() {
        return spec != null && errors.isEmpty();
    }
}
