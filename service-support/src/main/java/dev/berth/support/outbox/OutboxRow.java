package dev.berth.support.outbox;

/** A message waiting in a service's outbox: written with the state change, published after commit. */
public record OutboxRow(long id, String topic, String key, String value, String contentType) {
}
