package io.lvmops.plan.step;

/** What a step does, as the plan shows it. {@link #VERIFY} steps check and change nothing; summaries ignore them. */
public enum Action {
    CREATE('+'), CHANGE('~'), DESTROY('-'), VERIFY('?');

    private final char symbol;

    Action(char symbol) {
        this.symbol = symbol;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public char symbol() {
        return symbol;
    }
}
