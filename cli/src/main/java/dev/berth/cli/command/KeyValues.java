package dev.berth.cli.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.berth.cli.http.LxdException;

/** Parses {@code KEY=VALUE...} arguments, or the older two-argument {@code KEY VALUE} form, as {@code lxc} does. */
final class KeyValues {
    private KeyValues() {
    }

    static Map<String, String> parse(List<String> args) {
        if (args.size() == 2 && !args.get(0).contains("=")) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put(args.get(0), args.get(1));
            return values;
        }
        return pairs(args);
    }

    /** Only {@code KEY=VALUE} arguments; the value may be empty or contain {@code =}. */
    static Map<String, String> pairs(List<String> args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new LxdException(400, "\"" + arg + "\" is not a valid key=value pair");
            }
            values.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return values;
    }
}
