package dev.berth.executor.build;

import dev.berth.executor.CodedFailure;

/** A build that could not be done; {@code code} is the LXD error code the operation fails with. */
public final class BuildFailed extends CodedFailure {

    public BuildFailed(int code, String message) {
        super(code, message);
    }
}
