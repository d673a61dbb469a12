package dev.berth.image.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** LXD response envelopes ({@link dev.berth.contracts.lxd.Response}) as JAX-RS responses. */
final class Lxd {
    private Lxd() {
    }

    static Response sync(Object metadata) {
        return json(200, dev.berth.contracts.lxd.Response.sync(metadata)).build();
    }

    /** LXD's {@code SyncResponseETag}: the body plus an {@code ETag} header. */
    static Response sync(Object metadata, String etag) {
        return json(200, dev.berth.contracts.lxd.Response.sync(metadata)).header("ETag", "\"" + etag + "\"").build();
    }

    /** LXD's {@code SyncResponseLocation}: 201 with a sync body (status_code 200) and a {@code Location}. */
    static Response created(Object metadata, String location) {
        return json(201, dev.berth.contracts.lxd.Response.sync(metadata)).header("Location", location).build();
    }

    static Response error(int status, String message) {
        return json(status, dev.berth.contracts.lxd.Response.error(status, message)).build();
    }

    private static Response.ResponseBuilder json(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
    }
}
