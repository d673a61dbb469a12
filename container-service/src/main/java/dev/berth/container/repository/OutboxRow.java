package dev.berth.container.repository;

/** A message waiting in the outbox: written with the state change, published after commit. */
public record OutboxRow(long id, String topic, String key, String value, String contentType) {
}
