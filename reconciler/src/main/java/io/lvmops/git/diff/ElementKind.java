package io.lvmops.git.diff;

/** What a change is about. */
public enum ElementKind {
    NODE("node"), DEVICE("device"), VOLUME_GROUP("volume group"), LOGICAL_VOLUME("logical volume");

    private final String label;

    ElementKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
