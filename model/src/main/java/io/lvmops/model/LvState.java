package io.lvmops.model;

public enum LvState {
    PRESENT, ABSENT;

    public String specName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
