package dev.berth.contracts.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resource limits parsed from instance configuration, in the units cgroups use.
 *
 * @param memoryBytes {@code limits.memory}, absolute or a percentage of the host's RAM
 * @param swap {@code limits.memory.swap}: false caps memory plus swap at the memory limit
 * @param cpuset {@code limits.cpu}: a count pins to that many CPUs, a set pins to those
 * @param cpu {@code limits.cpu.allowance}: a percentage (a soft share under contention) or {@code 25ms/100ms} (a
 *        hard quota per period)
 * @param processes {@code limits.processes}
 */
public record Limits(Optional<Long> memoryBytes, boolean swap, Optional<String> cpuset, Optional<CpuAllowance> cpu,
        Optional<Long> processes) {

    /** {@code cpu.shares} for a percentage, or a CFS quota and period in microseconds. */
    public record CpuAllowance(Optional<Long> shares, Optional<Long> quotaMicros, Optional<Long> periodMicros) {
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGTPE]i?B|[kKMGTPE]i?|B)?");
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})%");
    private static final Pattern QUOTA = Pattern.compile("(\\d+)ms/(\\d+)ms");
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("", 1L), Map.entry("B", 1L),
            Map.entry("KB", 1000L), Map.entry("MB", 1000L * 1000), Map.entry("GB", 1000L * 1000 * 1000),
            Map.entry("TB", 1000L * 1000 * 1000 * 1000), Map.entry("PB", 1000L * 1000 * 1000 * 1000 * 1000),
            Map.entry("KIB", 1L << 10), Map.entry("MIB", 1L << 20), Map.entry("GIB", 1L << 30),
            Map.entry("TIB", 1L << 40), Map.entry("PIB", 1L << 50));
    /** Below this the kernel cannot even start an init. */
    private static final long MIN_MEMORY = 4L << 20;
    /** What cgroup v1 gives a group that asks for nothing; 100% of the allowance. */
    private static final long FULL_SHARES = 1024;

    /** Limits as far as they need no host figures; a percentage memory limit cannot be resolved. */
    public static Limits from(Map<String, String> config, int hostCpus) {
        return from(config, hostCpus, 0);
    }

    public static Limits from(Map<String, String> config, int hostCpus, long hostMemoryBytes) {
        return new Limits(
                Optional.ofNullable(config.get(InstanceConfig.LIMITS_MEMORY))
                        .map(v -> parseMemoryLimit(v, hostMemoryBytes)),
                !config.containsKey(InstanceConfig.LIMITS_MEMORY_SWAP)
                        || InstanceConfig.parseBoolean(config.get(InstanceConfig.LIMITS_MEMORY_SWAP)),
                Optional.ofNullable(config.get(InstanceConfig.LIMITS_CPU)).map(v -> parseCpus(v, hostCpus)),
                Optional.ofNullable(config.get(InstanceConfig.LIMITS_CPU_ALLOWANCE)).map(Limits::parseAllowance),
                Optional.ofNullable(config.get(InstanceConfig.LIMITS_PROCESSES)).map(Limits::parseProcesses));
    }

    /** {@code limits.memory}: a size, or {@code N%} of {@code hostMemoryBytes} (0: unknown, so refused). */
    public static long parseMemoryLimit(String value, long hostMemoryBytes) {
        Matcher m = PERCENT.matcher(value.trim());
        if (!m.matches()) {
            return parseMemory(value);
        }
        int percent = Integer.parseInt(m.group(1));
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("\"" + value + "\" is not a percentage between 1% and 100%");
        }
        if (hostMemoryBytes <= 0) {
            throw new IllegalArgumentException("the host's memory is unknown, so \"" + value + "\" cannot be applied");
        }
        return Math.max(MIN_MEMORY, hostMemoryBytes / 100 * percent);
    }

    /** {@code limits.cpu.allowance}: {@code 50%} or {@code 25ms/100ms}. */
    public static CpuAllowance parseAllowance(String value) {
        String v = value.trim();
        Matcher percent = PERCENT.matcher(v);
        if (percent.matches()) {
            int p = Integer.parseInt(percent.group(1));
            if (p < 1 || p > 100) {
                throw new IllegalArgumentException("\"" + value + "\" is not a percentage between 1% and 100%");
            }
            return new CpuAllowance(Optional.of(Math.max(2, FULL_SHARES * p / 100)), Optional.empty(),
                    Optional.empty());
        }
        Matcher quota = QUOTA.matcher(v);
        if (!quota.matches()) {
            throw new IllegalArgumentException(
                    "\"" + value + "\" is neither a percentage (50%) nor a quota (25ms/100ms)");
        }
        long q = Long.parseLong(quota.group(1));
        long period = Long.parseLong(quota.group(2));
        if (period < 1 || period > 1000 || q < 1) {
            throw new IllegalArgumentException("in \"" + value + "\" the period must be 1ms to 1000ms and the quota at "
                    + "least 1ms");
        }
        return new CpuAllowance(Optional.empty(), Optional.of(q * 1000), Optional.of(period * 1000));
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
