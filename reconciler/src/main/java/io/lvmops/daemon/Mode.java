package io.lvmops.daemon;

/** What the daemon does with drift: {@code report} only records it, {@code correct} applies the plan. */
public enum Mode {
    REPORT, CORRECT
}
