package dev.berth.gateway.rest;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import dev.berth.contracts.lxd.Certificate;
import dev.berth.contracts.lxd.CertificatesPost;
import dev.berth.contracts.lxd.Response;
import dev.berth.gateway.trust.Peer;
import dev.berth.gateway.trust.TrustStore;
import io.vertx.ext.web.RoutingContext;

/** {@code /1.0/certificates}: the trust store of client certificates, and trust tokens, in LXD's shape. */
@Path("/1.0/certificates")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class CertificatesResource {

    @Inject
    TrustStore store;

    @GET
    public Response list(@QueryParam("recursion") @DefaultValue("0") int recursion) {
        List<Certificate> all = store.list();
        return Response.sync(recursion >= 1 ? all : all.stream().map(c -> url(c.fingerprint())).toList());
    }

    /**
     * Adds a certificate (201, {@code Location} naming it: pylxd reads the fingerprint from there), or with
     * {@code token: true} starts a trust-token operation (202).
     */
    @POST
    public jakarta.ws.rs.core.Response add(CertificatesPost body, @Context RoutingContext ctx) {
        TrustStore.Added added = store.add(body, Peer.of(ctx));
        if (added instanceof TrustStore.TokenCreated t) {
            return Accepted.of(t.operation());
        }
        String fingerprint = ((TrustStore.AddedCertificate) added).fingerprint();
        return jakarta.ws.rs.core.Response.status(201).type(MediaType.APPLICATION_JSON)
                .header("Location", url(fingerprint)).entity(Response.sync(Map.of())).build();
    }

    @GET
    @Path("/{fingerprint}")
    public jakarta.ws.rs.core.Response get(@PathParam("fingerprint") String fingerprint) {
        Certificate c = store.get(fingerprint);
        return jakarta.ws.rs.core.Response.ok(Response.sync(c)).header("ETag", "\"" + c.fingerprint() + "\"")
                .build();
    }

    @PUT
    @Path("/{fingerprint}")
    public Response put(@PathParam("fingerprint") String fingerprint, CertificatesPost body) {
        store.update(fingerprint, body, false);
        return Response.sync(Map.of());
    }

    @PATCH
    @Path("/{fingerprint}")
    public Response patch(@PathParam("fingerprint") String fingerprint, CertificatesPost body) {
        store.update(fingerprint, body, true);
        return Response.sync(Map.of());
    }

    @DELETE
    @Path("/{fingerprint}")
    public Response delete(@PathParam("fingerprint") String fingerprint) {
        store.delete(fingerprint);
        return Response.sync(Map.of());
    }

    private static String url(String fingerprint) {
        return "/1.0/certificates/" + fingerprint;
    }
}
