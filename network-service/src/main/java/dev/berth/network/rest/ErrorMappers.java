package dev.berth.network.rest;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import dev.berth.network.service.Refusal;

/** Refusals and unknown paths become LXD error envelopes, with {@code error_code} equal to the HTTP status. */
public final class ErrorMappers {

    private ErrorMappers() {
    }

    static Response error(int code, String message) {
        return Response.status(code).type(MediaType.APPLICATION_JSON)
                .entity(dev.berth.contracts.lxd.Response.error(code, message)).build();
    }

    /** A refused request. */
    @Provider
    public static class RefusalMapper implements ExceptionMapper<Refusal> {
        @Override
        public Response toResponse(Refusal e) {
            return error(e.code(), e.getMessage());
        }
    }

    /** A path no resource answers. */
    @Provider
    public static class NotFoundMapper implements ExceptionMapper<NotFoundException> {
        @Override
        public Response toResponse(NotFoundException e) {
            return error(404, "not found");
        }
    }
}
