package dev.berth.network;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;

/** Reads the network commands the service wrote to its outbox. */
public final class Outbox {
    private Outbox() {
    }

    /** The payloads of the commands about {@code network}, oldest first. */
    public static List<JsonNode> commands(DataSource ds, String network) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT topic, message_key, value FROM outbox"
                        + " WHERE value::jsonb -> 'payload' ->> 'name' = ? ORDER BY id")) {
            ps.setString(1, network);
            try (ResultSet rs = ps.executeQuery()) {
                List<JsonNode> out = new ArrayList<>();
                while (rs.next()) {
                    if (!rs.getString(1).equals("test.berth.network.commands.v1") || !rs.getString(2).equals(
                            "local")) {
                        throw new IllegalStateException("unexpected topic or key: " + rs.getString(1) + " "
                                + rs.getString(2));
                    }
                    out.add(Json.MAPPER.readTree(rs.getString(3)).path("payload"));
                }
                return out;
            }
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
