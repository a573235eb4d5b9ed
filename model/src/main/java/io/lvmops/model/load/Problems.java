package io.lvmops.model.load;

import java.util.ArrayList;
import java.util.List;

/** Collects every error of one load, so that a person sees all of them at once. */
final class Problems {
    private final List<SpecError> errors = new ArrayList<>();

    void add(SourceMark mark, String path, String message) {
        errors.add(SpecError.at(mark, path, message));
    }

    int count() {
        return errors.size();
    }

    List<SpecError> all() {
        return errors;
    }
}
