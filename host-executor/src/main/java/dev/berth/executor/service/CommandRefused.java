package dev.berth.executor.service;

import dev.berth.executor.CodedFailure;

/** A host command the node refuses or cannot complete; {@code code} is the LXD error code its operation fails with. */
public final class CommandRefused extends CodedFailure {

    public CommandRefused(int code, String message) {
        super(code, message);
    }
}
