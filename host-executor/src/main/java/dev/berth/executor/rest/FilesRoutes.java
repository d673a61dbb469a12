package dev.berth.executor.rest;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Response;
import dev.berth.executor.CodedFailure;
import dev.berth.executor.files.ContainerFiles;
import dev.berth.executor.files.FileHeaders;
import dev.berth.executor.files.FileRefused;
import dev.berth.executor.files.FilesRoot;
import dev.berth.executor.service.ContainerManager;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /internal/containers/{containerId}/files?path=}: the executor's half of LXD's file API. The gateway streams
 * the client's request here unchanged and the answer back, so this speaks LXD on the wire: raw bytes with
 * {@code X-LXD-*}/{@code X-Incus-*} headers for a file, a sync JSON listing for a directory, sync JSON for a push or a
 * delete. Bodies stream through Vert.x files with back-pressure; nothing is held whole in memory.
 */
@ApplicationScoped
public class FilesRoutes {
    private static final Logger LOG = Logger.getLogger(FilesRoutes.class);
    private static final String ID = "[A-Za-z0-9][A-Za-z0-9_-]*";

    @Inject
    Vertx vertx;
    @Inject
    ContainerManager containers;

    void routes(@Observes Router router) {
        router.routeWithRegex("/internal/containers/(" + ID + ")/files").handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        request.pause();
        String containerId = ctx.pathParam("param0");
        String path = request.getParam("path");
        HttpMethod method = request.method();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
            blocking(ctx, () -> open(containerId, path, method == HttpMethod.HEAD)).onSuccess(read -> {
                request.resume();
                answer(ctx, read);
            });
        } else if (method == HttpMethod.POST) {
            push(ctx, containerId, path);
        } else if (method == HttpMethod.DELETE) {
            blocking(ctx, () -> {
                ContainerFiles.delete(root(containerId), path);
                return true;
            }).onSuccess(x -> {
                request.resume();
                ok(ctx);
            });
        } else {
            request.resume();
            error(ctx, 405, "Method not allowed");
        }
    }

    private void push(RoutingContext ctx, String containerId, String path) {
        HttpServerRequest request = ctx.request();
        FileHeaders headers;
        try {
            headers = FileHeaders.parse(request::getHeader);
        } catch (FileRefused e) {
            request.resume();
            error(ctx, e.code(), e.getMessage());
            return;
        }
        switch (headers.type()) {
            case FILE -> blocking(ctx, () -> openForPush(containerId, path, headers))
                    .onSuccess(file -> request.pipeTo(file).onSuccess(x -> ok(ctx)).onFailure(e -> {
                        LOG.warnf("push of %s into %s failed: %s", path, containerId, e.getMessage());
                        error(ctx, 500, "Push of \"" + path + "\" failed: " + e.getMessage());
                    }));
            case DIRECTORY -> blocking(ctx, () -> {
                ContainerFiles.mkdir(root(containerId), path, headers);
                return true;
            }).onSuccess(x -> {
                request.resume();
                ok(ctx);
            });
            case SYMLINK -> {
                request.resume();
                request.body().onFailure(e -> error(ctx, 400, e.getMessage())).onSuccess(body -> {
                    if (body.length() > ContainerFiles.MAX_LINK_TARGET) {
                        error(ctx, 400, "Symlink target for \"" + path + "\" is too long");
                        return;
                    }
                    blocking(ctx, () -> {
                        ContainerFiles.symlink(root(containerId), path, body.toString(), headers);
                        return true;
                    }).onSuccess(x -> ok(ctx));
                });
            }
        }
    }

    /** Opens the pushed file (created, owner and mode set) as a Vert.x file positioned where the body goes. */
    private AsyncFile openForPush(String containerId, String path, FileHeaders headers) {
        ContainerFiles.Opened opened = ContainerFiles.openForPush(root(containerId), path, headers);
        try (var fd = opened.fd()) {
            AsyncFile file = vertx.fileSystem().openBlocking(fd.path().toString(),
                    new OpenOptions().setRead(false).setWrite(true).setCreate(false).setTruncateExisting(false));
            file.setWritePos(opened.position());
            return file;
        }
    }

    /** What a read found, with a regular file's content opened as a Vert.x file (null for HEAD). */
    private record Read(ContainerFiles.Found found, AsyncFile file) {
    }

    private Read open(String containerId, String path, boolean headOnly) {
        ContainerFiles.Found found = ContainerFiles.read(root(containerId), path);
        if (!(found instanceof ContainerFiles.FileFound f)) {
            return new Read(found, null);
        }
        try (var fd = f.fd()) {
            return new Read(found, headOnly
                    ? null
                    : vertx.fileSystem().openBlocking(fd.path().toString(),
                            new OpenOptions().setWrite(false).setCreate(false)));
        }
    }

    private void answer(RoutingContext ctx, Read read) {
        HttpServerResponse response = ctx.response();
        ContainerFiles.Found found = read.found();
        boolean headOnly = read.file() == null;
        ContainerFiles.Attributes a = found.attributes();
        for (String prefix : new String[]{"X-LXD-", "X-Incus-"}) {
            response.putHeader(prefix + "uid", Long.toString(a.uid()));
            response.putHeader(prefix + "gid", Long.toString(a.gid()));
            response.putHeader(prefix + "mode", a.octalMode());
            response.putHeader(prefix + "type", a.type().wire());
        }
        if (found instanceof ContainerFiles.FileFound) {
            response.putHeader("Content-Type", "application/octet-stream")
                    .putHeader("Content-Length", Long.toString(a.size()));
            if (headOnly) {
                response.end();
            } else {
                // a pipe ends the response but leaves its source open: an open file would pin the overlay mount
                read.file().pipeTo(response).onComplete(x -> read.file().close());
            }
        } else if (found instanceof ContainerFiles.DirectoryFound d) {
            response.putHeader("Content-Type", "application/json").end(Json.write(Response.sync(d.entries())));
        } else if (found instanceof ContainerFiles.LinkFound l) {
            response.putHeader("Content-Type", "application/octet-stream").end(l.target());
        }
    }

    private FilesRoot root(String containerId) {
        Optional<FilesRoot> root = containers.filesRoot(containers.layout(containerId));
        return root.orElseThrow(() -> FileRefused.badRequest("Instance is not running: the files of a stopped "
                + "instance on the overlay pool can only be reached while it runs"));
    }

    private <T> Future<T> blocking(RoutingContext ctx, java.util.concurrent.Callable<T> work) {
        return vertx.executeBlocking(work, false).onFailure(e -> {
            ctx.request().resume();
            if (e instanceof CodedFailure f) {
                error(ctx, f.code() == 0 ? 500 : f.code(), e.getMessage());
            } else {
                LOG.error("file request failed", e);
                error(ctx, 500, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        });
    }

    private static void ok(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "application/json").end(Json.write(Response.sync(java.util.Map.of())));
    }

    private static void error(RoutingContext ctx, int code, String message) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        ctx.response().setStatusCode(code).putHeader("Content-Type", "application/json")
                .end(Json.write(Response.error(code, message)));
    }
}
