package io.lvmops.model;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size in bytes, written as LVM's {@code -L} reads it: binary units only (1G = 1GiB = 2^30 bytes).
 * Plain integers are bytes; decimals are allowed with a unit ({@code 1.5G}).
 */
public record Size(long bytes) implements Comparable<Size> {

    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]*)");
    private static final String UNITS = "KMGTP";

    public Size {
        if (bytes <= 0) {
            throw new IllegalArgumentException("size must be greater than zero, got " + bytes + " bytes");
        }
    }

    /** Parses a size; the exception message is written for the person who wrote the spec. */
    public static Size parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.startsWith("-")) {
            throw new IllegalArgumentException("size must be greater than zero, got '" + text + "'");
        }
        Matcher m = FORMAT.matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size; write e.g. 512M, 1G or 1.5GiB");
        }
        BigDecimal number = new BigDecimal(m.group(1));
        String unit = m.group(2);
        int power = unitPower(unit, text);
        if (power == 0 && number.scale() > 0 && number.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("'" + text + "': a size in bytes must be a whole number");
        }
        BigDecimal value = number.multiply(BigDecimal.valueOf(2).pow(10 * power));
        if (value.signum() <= 0) {
            throw new IllegalArgumentException("size must be greater than zero, got '" + text + "'");
        }
        if (value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        // LVM rounds a fractional byte count up; so do we, so that 0.1K is 103 bytes, not 102.
        return new Size(value.setScale(0, java.math.RoundingMode.CEILING).longValueExact());
    }

    private static int unitPower(String unit, String text) {
        if (unit.isEmpty()) {
            return 0;
        }
        String u = unit.toUpperCase(Locale.ROOT);
        if (u.length() == 2 && u.endsWith("B") && UNITS.indexOf(u.charAt(0)) >= 0) {
            throw new IllegalArgumentException("'" + text + "': decimal units (" + unit + ") are not supported; sizes are binary as in LVM: use "
                    + u.charAt(0) + " or " + u.charAt(0) + "iB (1" + u.charAt(0) + " = 1" + u.charAt(0) + "iB = 2^"
                    + (10 * (UNITS.indexOf(u.charAt(0)) + 1)) + " bytes)");
        }
        boolean binary = u.length() == 1 || (u.length() == 3 && u.endsWith("IB"));
        int index = UNITS.indexOf(u.charAt(0));
        if (!binary || index < 0 || !(u.length() == 1 || unit.charAt(1) == 'i' || unit.charAt(1) == 'I')) {
            throw new IllegalArgumentException("'" + text + "': unknown unit '" + unit + "'; use K, M, G, T, P (or KiB, MiB, GiB, TiB, PiB)");
        }
        return index + 1;
    }

    public static Size ofBytes(long bytes) {
        return new Size(bytes);
    }

    /** The shortest exact form, e.g. {@code 1G}, {@code 1536M}, {@code 1000} (bytes). */
    public String human() {
        long b = bytes;
        int power = 0;
        while (power < UNITS.length() && b % 1024 == 0) {
            b /= 1024;
            power++;
        }
        return power == 0 ? Long.toString(b) : b + String.valueOf(UNITS.charAt(power - 1));
    }

    /** As LVM's command line wants it: bytes with a {@code b} suffix, exact. */
    public String lvmArgument() {
        return bytes + "b";
    }

    @Override
    public int compareTo(Size other) {
        return Long.compare(bytes, other.bytes);
    }

    @Override
    public String toString() {
        return human();
    }
}
