package dev.berth.contracts.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resource limits parsed from instance configuration, in the units cgroups use. */
public record Limits(Optional<Long> memoryBytes, Optional<String> cpuset, Optional<Long> processes) {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGTPE]i?B|[kKMGTPE]i?|B)?");
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("", 1L), Map.entry("B", 1L),
            Map.entry("KB", 1000L), Map.entry("MB", 1000L * 1000), Map.entry("GB", 1000L * 1000 * 1000),
            Map.entry("TB", 1000L * 1000 * 1000 * 1000), Map.entry("PB", 1000L * 1000 * 1000 * 1000 * 1000),
            Map.entry("KIB", 1L << 10), Map.entry("MIB", 1L << 20), Map.entry("GIB", 1L << 30),
            Map.entry("TIB", 1L << 40), Map.entry("PIB", 1L << 50));
    /** Below this the kernel cannot even start an init. */
    private static final long MIN_MEMORY = 4L << 20;

    public static Limits from(Map<String, String> config, int hostCpus) {
        return new Limits(
                Optional.ofNullable(config.get(InstanceConfig.LIMITS_MEMORY)).map(Limits::parseMemory),
                Optional.ofNullable(config.get(InstanceConfig.LIMITS_CPU)).map(v -> parseCpus(v, hostCpus)),
                Optional.ofNullable(config.get(InstanceConfig.LIMITS_PROCESSES)).map(Limits::parseProcesses));
    }

    /** LXD's size syntax: {@code 512MiB}, {@code 1GB}, {@code 1048576}. */
    public static long parseMemory(String value) {
        Matcher m = SIZE.matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + value + "\" is not a size such as 256MiB or 1GB");
        }
        String unit = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT);
        if (!unit.isEmpty() && !unit.endsWith("B")) {
            unit = unit + "B";
        }
        Long factor = UNITS.get(unit);
        if (factor == null) {
            throw new IllegalArgumentException("unknown unit in \"" + value + "\"");
        }
        long bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(factor)).longValue();
        if (bytes < MIN_MEMORY) {
            throw new IllegalArgumentException("\"" + value + "\" is below the minimum of 4MiB");
        }
        return bytes;
    }

    /**
     * A CPU count ({@code 2}) pins to that many CPUs, as LXD does; a set ({@code 0-1,3}) pins to exactly those.
     * Returns the cpuset string.
     */
    public static String parseCpus(String value, int hostCpus) {
        String v = value.trim();
        if (v.matches("\\d+")) {
            int count = Integer.parseInt(v);
            if (count < 1) {
                throw new IllegalArgumentException("CPU count must be at least 1");
            }
            if (count > hostCpus) {
                throw new IllegalArgumentException(
                        "CPU count " + count + " exceeds the " + hostCpus + " CPUs of this host");
            }
            return count == 1 ? "0" : "0-" + (count - 1);
        }
        if (!v.matches("\\d+(-\\d+)?(,\\d+(-\\d+)?)*")) {
            throw new IllegalArgumentException("\"" + value + "\" is neither a CPU count nor a CPU set such as 0-1,3");
        }
        TreeSet<Integer> cpus = new TreeSet<>();
        for (String part : v.split(",")) {
            String[] range = part.split("-");
            int from = Integer.parseInt(range[0]);
            int to = range.length == 2 ? Integer.parseInt(range[1]) : from;
            if (to < from) {
                throw new IllegalArgumentException("range \"" + part + "\" is reversed");
            }
            for (int cpu = from; cpu <= to; cpu++) {
                cpus.add(cpu);
            }
        }
        if (cpus.last() >= hostCpus) {
            throw new IllegalArgumentException("CPU " + cpus.last() + " does not exist on this host");
        }
        return v;
    }

    public static long parseProcesses(String value) {
        try {
            long n = Long.parseLong(value.trim());
            if (n < 1) {
                throw new IllegalArgumentException("must be at least 1");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + value + "\" is not a whole number");
        }
    }
}
