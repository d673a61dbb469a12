package dev.berth.gateway.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.berth.contracts.lxd.Operation;
import dev.berth.contracts.lxd.Response;
import dev.berth.contracts.lxd.StatusCode;
import dev.berth.gateway.service.Operations;

/** {@code /1.0/operations}, one operation, and its {@code /wait}. */
@Path("/1.0/operations")
@Produces(MediaType.APPLICATION_JSON)
public class OperationsResource {

    @Inject
    Operations operations;

    @GET
    public Response list(@QueryParam("recursion") @DefaultValue("0") int recursion,
            @QueryParam("project") @DefaultValue("default") String project) {
        Map<String, List<Object>> byStatus = new LinkedHashMap<>();
        for (Operation op : operations.list(project)) {
            byStatus.computeIfAbsent(op.status().toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>())
                    .add(recursion >= 1 ? op : op.url());
        }
        return Response.sync(byStatus);
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        return Response.sync(find(id));
    }

    @DELETE
    @Path("/{id}")
    public Response cancel(@PathParam("id") String id) {
        Operation op = find(id);
        // a trust token is revoked by cancelling its operation (incus config trust revoke-token)
        if ("token".equals(op.operationClass()) && !op.isFinal()) {
            operations.finish(id, StatusCode.CANCELLED, "", op.metadata());
            return Response.sync(Map.of());
        }
        throw LxdException.badRequest("This operation can't be cancelled");
    }

    /**
     * Like Incus: the status line is 200 whatever happens (it is sent before the wait ends), and a failed operation
     * comes back as an error envelope carrying its {@code err}.
     */
    @GET
    @Path("/{id}/wait")
    public Response await(@PathParam("id") String id, @QueryParam("timeout") @DefaultValue("-1") double timeout) {
        Operation op = operations.await(id, timeout).orElseThrow(() -> notFound(id));
        if (op.statusCode() == StatusCode.FAILURE.code()) {
            Object code = op.metadata() == null ? null : op.metadata().get("error_code");
            return Response.error(code instanceof Number n ? n.intValue() : 500, op.err());
        }
        return Response.sync(op);
    }

    private Operation find(String id) {
        return operations.get(id).orElseThrow(() -> notFound(id));
    }

    private static LxdException notFound(String id) {
        return LxdException.notFound("Operation not found");
    }
}
