package dev.berth.image.rest;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.berth.image.domain.AmbiguousFingerprintException;
import dev.berth.image.domain.ImageConflictException;
import dev.berth.image.domain.ImageNotFoundException;
import dev.berth.image.domain.ImageServerUnavailableException;
import dev.berth.image.domain.InvalidRequestException;
import dev.berth.image.domain.PreconditionFailedException;

/** Turns failures into LXD error envelopes: {@code {"type":"error","error":"...","error_code":N,...}}. */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response notFound(ImageNotFoundException e) {
        return Lxd.error(404, e.getMessage());
    }

    @ServerExceptionMapper
    public Response ambiguous(AmbiguousFingerprintException e) {
        return Lxd.error(400, e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e) {
        return Lxd.error(400, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unavailable(ImageServerUnavailableException e) {
        return Lxd.error(503, e.getMessage());
    }

    @ServerExceptionMapper
    public Response conflict(ImageConflictException e) {
        return Lxd.error(409, e.getMessage());
    }

    @ServerExceptionMapper
    public Response precondition(PreconditionFailedException e) {
        return Lxd.error(412, e.getMessage());
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return Lxd.error(400, "Invalid JSON: " + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response unknownPath(NotFoundException e) {
        return Lxd.error(404, "not found");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return Lxd.error(status, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.errorf(e, "unexpected failure");
        return Lxd.error(500, e.getMessage() == null ? e.toString() : e.getMessage());
    }
}
