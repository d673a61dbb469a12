package dev.berth.gateway.rest;

import java.net.URI;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.berth.contracts.lxd.Operation;

/** LXD's 202 reply to an async request: the operation in the body and its URL in {@code Location}. */
final class Accepted {
    private Accepted() {
    }

    static Response of(Operation op) {
        return Response.status(202).type(MediaType.APPLICATION_JSON).location(URI.create(op.url()))
                .entity(dev.berth.contracts.lxd.Response.async(op)).build();
    }
}
