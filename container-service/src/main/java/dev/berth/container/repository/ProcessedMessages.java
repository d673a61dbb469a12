package dev.berth.container.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

/** The dedupe ledger: a message id is recorded in the same transaction as the change it caused. */
@ApplicationScoped
public class ProcessedMessages {

    /** Records the id; returns false when it was already processed, so the caller must change nothing. */
    public boolean markNew(Connection c, String messageId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO processed_messages (message_id) VALUES (?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, messageId);
            return ps.executeUpdate() == 1;
        }
    }
}
