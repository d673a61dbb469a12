package dev.berth.executor.files;

import dev.berth.executor.CodedFailure;

/** A file request the executor refuses, with the LXD error code it answers (400, 404, 409). */
public final class FileRefused extends CodedFailure {

    public FileRefused(int code, String message) {
        super(code, message);
    }

    public static FileRefused badRequest(String message) {
        return new FileRefused(400, message);
    }

    public static FileRefused notFound(String path) {
        return new FileRefused(404, "Path \"" + path + "\" not found in the instance");
    }
}
