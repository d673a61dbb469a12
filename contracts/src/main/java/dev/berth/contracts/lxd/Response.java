package dev.berth.contracts.lxd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The LXD response envelope: {@code sync}, {@code async} or {@code error}, with the same fields in each. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Response(String type, String status, int statusCode, String operation, int errorCode, String error,
        Object metadata) {

    public static Response sync(Object metadata) {
        return new Response("sync", "Success", 200, "", 0, "", metadata);
    }

    public static Response async(Operation op) {
        return new Response("async", "Operation created", 100, op.url(), 0, "", op);
    }

    public static Response error(int code, String message) {
        return new Response("error", "", 0, "", code, message, null);
    }
}
