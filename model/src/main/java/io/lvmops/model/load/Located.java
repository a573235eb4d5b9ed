package io.lvmops.model.load;

/** A value read from the spec with where it was written; {@code value} is null when absent or invalid. */
record Located<T>(T value, SourceMark mark, String path) {
    boolean present() {
        return value != null;
    }
}
