package dev.berth.gateway.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure leaves the gateway as an LXD error envelope, never as an HTML page or a bare status. */
public class LxdErrorMappers {
    private static final Logger LOG = Logger.getLogger(LxdErrorMappers.class);

    @ServerExceptionMapper
    public Response lxd(LxdException e) {
        return envelope(e.code(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String message = switch (status) {
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 415 -> "unsupported media type";
            default -> e.getMessage();
        };
        return envelope(status, message);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected failure", e);
        return envelope(500, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    static Response envelope(int code, String message) {
        return Response.status(code).type(MediaType.APPLICATION_JSON)
                .entity(dev.berth.contracts.lxd.Response.error(code, message)).build();
    }
}
