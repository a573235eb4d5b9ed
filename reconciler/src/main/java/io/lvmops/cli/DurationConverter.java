package io.lvmops.cli;

import picocli.CommandLine;

import java.time.Duration;

/** 30s, 5m, 1h, 250ms, or an ISO-8601 duration (PT1M). */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.strip().toLowerCase(java.util.Locale.ROOT);
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                return Duration.ofSeconds(Long.parseLong(v));
            }
            if (v.startsWith("pt") || v.startsWith("p")) {
                return Duration.parse(value.strip().toUpperCase(java.util.Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException(value);
            };
        } catch (RuntimeException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (e.g. 30s, 5m, 1h)");
        }
    }
}
