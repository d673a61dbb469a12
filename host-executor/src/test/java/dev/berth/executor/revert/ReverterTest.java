package dev.berth.executor.revert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ReverterTest {

    @Test
    void shouldUndoInReverseOrderWhenNotSuccessful() {
        // Given
        List<String> undone = new ArrayList<>();

        // When
        try (Reverter revert = new Reverter()) {
            revert.add("dirs", () -> undone.add("dirs"));
            revert.add("mount", () -> undone.add("mount"));
            revert.add("runc", () -> undone.add("runc"));
        }

        // Then
        assertThat(undone).containsExactly("runc", "mount", "dirs");
    }

    @Test
    void shouldKeepGoingWhenAnUndoFails() {
        // Given
        List<String> undone = new ArrayList<>();

        // When
        try (Reverter revert = new Reverter()) {
            revert.add("first", () -> undone.add("first"));
            revert.add("broken", () -> {
                throw new IllegalStateException("boom");
            });
        }

        // Then
        assertThat(undone).containsExactly("first");
    }

    @Test
    void shouldUndoNothingWhenSuccessful() {
        // Given
        List<String> undone = new ArrayList<>();

        // When
        try (Reverter revert = new Reverter()) {
            revert.add("dirs", () -> undone.add("dirs"));
            revert.success();
        }

        // Then
        assertThat(undone).isEmpty();
    }
}
