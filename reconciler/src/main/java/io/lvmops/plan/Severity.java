package io.lvmops.plan;

/** How bad a blocked item is. */
public enum Severity {
    /** Corruption may be in progress (an LV open or mounted on a node that does not own it). */
    CRITICAL,
    /** The plan cannot do what the spec asks (a node unreachable, a device with a foreign signature, a shrink). */
    ERROR,
    /** The spec asks for something that needs a flag (e.g. a removal without --allow-destroy). */
    WARNING
}
