package dev.berth.gateway.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.berth.contracts.lxd.Operation;

/** LXD's 202 reply to an async request: the operation in the body and its relative URL in {@code Location}, as Incus sends it. */
final class Accepted {
    private Accepted() {
    }

    static Response of(Operation op) {
        return Response.status(202).type(MediaType.APPLICATION_JSON).header("Location", op.url())
                .entity(dev.berth.contracts.lxd.Response.async(op)).build();
    }
}
