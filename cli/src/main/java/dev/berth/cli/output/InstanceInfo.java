package dev.berth.cli.output;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Instance;
import dev.berth.contracts.lxd.InstanceState;

/** The {@code berth info NAME} text, shaped like {@code incus info NAME}. */
public final class InstanceInfo {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private InstanceInfo() {
    }

    public static String render(Instance i) {
        StringBuilder out = new StringBuilder();
        field(out, "Name", i.name());
        field(out, "Status", i.status() == null ? "" : i.status().toUpperCase(Locale.ROOT));
        field(out, "Type", i.type() == null || i.type().isEmpty() ? "container" : i.type());
        if (i.architecture() != null && !i.architecture().isEmpty()) {
            field(out, "Architecture", i.architecture());
        }
        InstanceState state = i.state();
        if (state != null && state.pid() > 0) {
            field(out, "PID", Long.toString(state.pid()));
        }
        field(out, "Created", when(i.createdAt()));
        field(out, "Last Used", when(i.lastUsedAt()));
        if (state != null && state.pid() > 0) {
            out.append("\nResources:\n");
            out.append("  Processes: ").append(state.processes()).append('\n');
            if (state.memory() != null) {
                out.append("  Memory usage:\n");
                out.append("    Memory (current): ").append(Sizes.iec(state.memory().usage())).append('\n');
                if (state.memory().usagePeak() > 0) {
                    out.append("    Memory (peak): ").append(Sizes.iec(state.memory().usagePeak())).append('\n');
                }
            }
        }
        Map<String, String> config = i.config() == null ? Map.of() : new TreeMap<>(i.config());
        if (!config.isEmpty()) {
            out.append("\nConfig:\n");
            config.forEach((k, v) -> out.append("  ").append(k).append(": ").append(v).append('\n'));
        }
        if (i.snapshots() != null && !i.snapshots().isEmpty()) {
            out.append("\nSnapshots:\n").append(SnapshotTable.render(Json.MAPPER.valueToTree(i.snapshots())));
        }
        return out.toString();
    }

    private static void field(StringBuilder out, String label, String value) {
        out.append(label).append(": ").append(value == null ? "" : value).append('\n');
    }

    /** LXD's zero time ({@code 0001-01-01}) means never. */
    static String when(Instant t) {
        return t == null || t.getEpochSecond() <= 0 ? "" : WHEN.format(t);
    }
}
