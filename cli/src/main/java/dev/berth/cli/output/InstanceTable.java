package dev.berth.cli.output;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.berth.contracts.lxd.Instance;
import dev.berth.contracts.lxd.InstanceState;

/** The {@code berth list} table: NAME, STATE, IPV4, TYPE, PID, like {@code incus list}. */
public final class InstanceTable {
    private InstanceTable() {
    }

    public static String render(List<Instance> instances) {
        Table table = new Table(List.of("NAME", "STATE", "IPV4", "TYPE", "PID"));
        instances.stream()
                .sorted(Comparator.comparing(i -> i.name() == null ? "" : i.name()))
                .forEach(i -> table.row(List.of(nullToEmpty(i.name()), upper(i.status()),
                        String.join(", ", ipv4(i.state())), type(i), pid(i.state()))));
        return table.render();
    }

    private static String type(Instance i) {
        String type = upper(i.type() == null || i.type().isEmpty() ? "container" : i.type());
        return i.ephemeral() ? type + " (EPHEMERAL)" : type;
    }

    static String pid(InstanceState state) {
        return state == null || state.pid() <= 0 ? "" : Long.toString(state.pid());
    }

    /** Global IPv4 addresses as {@code addr (iface)}, skipping loopback interfaces. */
    static List<String> ipv4(InstanceState state) {
        List<String> out = new ArrayList<>();
        if (state == null || state.network() == null) {
            return out;
        }
        state.network().forEach((iface, raw) -> {
            if (!(raw instanceof Map<?, ?> net) || "loopback".equals(net.get("type"))
                    || !(net.get("addresses") instanceof List<?> addresses)) {
                return;
            }
            for (Object a : addresses) {
                if (a instanceof Map<?, ?> addr && "inet".equals(addr.get("family"))
                        && "global".equals(addr.get("scope"))) {
                    out.add(addr.get("address") + " (" + iface + ")");
                }
            }
        });
        return out;
    }

    private static String upper(String s) {
        return s == null ? "" : s.toUpperCase(Locale.ROOT);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
