package dev.berth.image.service;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

/** Whether the built-in image is registered, and why not when it is not. */
@ApplicationScoped
public class Readiness {
    private final AtomicReference<String> builtinFingerprint = new AtomicReference<>();
    private final AtomicReference<String> problem = new AtomicReference<>("built-in image not registered yet");

    public void registered(String fingerprint) {
        builtinFingerprint.set(fingerprint);
        problem.set(null);
    }

    public void failed(String reason) {
        problem.set(reason);
    }

    public boolean isReady() {
        return builtinFingerprint.get() != null;
    }

    /** Why the service is not ready; empty when it is. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem.get());
    }

    public Optional<String> builtinFingerprint() {
        return Optional.ofNullable(builtinFingerprint.get());
    }
}
