package dev.berth.executor.sftp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Response;
import dev.berth.executor.CodedFailure;
import dev.berth.executor.files.FileRefused;
import dev.berth.executor.files.FilesRoot;
import dev.berth.executor.service.ContainerManager;
import dev.berth.support.http.SftpUpgrade;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

/**
 * {@code GET /internal/containers/{containerId}/sftp} with {@code Upgrade: sftp}: the executor's half of Incus'
 * {@code /1.0/instances/{name}/sftp}. An unknown container is a 404, an overlay instance that is not running a 400,
 * a request without the upgrade a 400, each as LXD's error envelope before anything is upgraded; otherwise the answer
 * is {@code 101 Switching Protocols} ({@code Upgrade: sftp}) and the connection carries raw SFTP v3, served by
 * {@link SftpServer} on the container's root.
 */
@ApplicationScoped
public class SftpRoute {
    private static final Logger LOG = Logger.getLogger(SftpRoute.class);
    private static final String ID = "[A-Za-z0-9][A-Za-z0-9_-]*";

    @Inject
    Vertx vertx;
    @Inject
    ContainerManager containers;
    @Inject
    SftpServer sftp;

    void routes(@Observes Router router) {
        router.routeWithRegex("/internal/containers/(" + ID + ")/sftp").order(-10).handler(ctx -> {
            HttpServerRequest request = ctx.request();
            request.pause();
            handle(request, ctx.pathParam("param0"));
        });
    }

    private void handle(HttpServerRequest request, String containerId) {
        if (!SftpUpgrade.requested(request)) {
            fail(request, 400, "Expected an upgrade to SFTP (Upgrade: sftp, Connection: Upgrade)");
            return;
        }
        Context context = vertx.getOrCreateContext();
        vertx.executeBlocking(() -> sftp.open(root(containerId)), false).onFailure(e -> {
            if (e instanceof CodedFailure f) {
                fail(request, f.code() == 0 ? 500 : f.code(), e.getMessage());
            } else {
                LOG.errorf("SFTP for %s failed to start: %s", containerId, e.toString());
                fail(request, 500, "SFTP unavailable: " + e.getMessage());
            }
        }).onSuccess(channel -> SftpUpgrade.named(request).toNetSocket()
                .onSuccess(socket -> SftpTunnel.join(socket, channel, context))
                .onFailure(e -> {
                    LOG.debugf("SFTP upgrade for %s failed: %s", containerId, e.toString());
                    channel.getClientSession().close(true);
                }));
    }

    private FilesRoot root(String containerId) {
        return containers.filesRoot(containers.layout(containerId))
                .orElseThrow(() -> FileRefused.badRequest("Instance is not running: the files of a stopped "
                        + "instance on the overlay pool can only be reached while it runs"));
    }

    private static void fail(HttpServerRequest request, int code, String message) {
        request.resume();
        request.response().setStatusCode(code).putHeader("Content-Type", "application/json")
                .end(Json.write(Response.error(code, message)));
    }
}
