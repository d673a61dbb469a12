package dev.berth.cli.output;

import java.util.Locale;

/** Byte counts in IEC units with two decimals, as {@code incus info} prints them ({@code 656.00KiB}). */
public final class Sizes {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Sizes() {
    }

    public static String iec(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f%s", value, UNITS[unit]);
    }
}
