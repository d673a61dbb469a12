package dev.berth.cli.output;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Instance snapshots ({@code GET /1.0/instances/NAME/snapshots?recursion=1}) as {@code incus snapshot list} shows them. */
public final class SnapshotTable {
    private SnapshotTable() {
    }

    public static String render(JsonNode snapshots) {
        Table table = new Table(List.of("NAME", "TAKEN AT", "EXPIRES AT", "STATEFUL"));
        for (JsonNode snap : snapshots) {
            table.row(List.of(shortName(snap.path("name").asText()), time(snap.path("created_at").asText("")),
                    time(snap.path("expires_at").asText("")),
                    snap.path("stateful").asBoolean() ? "YES" : "NO"));
        }
        return table.render();
    }

    /** Some LXD versions name a snapshot {@code instance/snap}; the table shows the snapshot's own name. */
    static String shortName(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }

    private static String time(String text) {
        if (text.isEmpty()) {
            return "";
        }
        try {
            return InstanceInfo.when(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return text;
        }
    }
}
