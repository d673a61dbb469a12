package dev.berth.gateway.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.gateway.rest.LxdException;

/**
 * LXD's {@code filter=} on lists ({@code api_filtering}): clauses {@code FIELD eq VALUE} and {@code FIELD ne VALUE},
 * combined with {@code and}, {@code or}, {@code not} and parentheses ({@code not} binds tightest, then {@code and},
 * then {@code or}). A field is a dotted path into the object as the API shows it, where a map key may itself contain
 * dots ({@code config.limits.memory}, {@code expanded_config.image.os}, {@code state.status}). Values may be
 * double-quoted; they compare case-insensitively, as {@code lxc list status=running} expects. An empty filter matches
 * everything; a malformed one is a 400.
 */
public final class InstanceFilter {
    private static final InstanceFilter ALL = new InstanceFilter(object -> true);
    private final Node root;

    private InstanceFilter(Node root) {
        this.root = root;
    }

    public static InstanceFilter parse(String text) {
        if (text == null || text.isBlank()) {
            return ALL;
        }
        Parser p = new Parser(tokens(text));
        Node node = p.or();
        if (p.pos != p.tokens.size()) {
            throw bad(text, "unexpected \"" + p.tokens.get(p.pos) + "\"");
        }
        return new InstanceFilter(node);
    }

    public boolean matches(JsonNode object) {
        return root.matches(object);
    }

    /** An empty filter: everything matches, so nothing needs to be turned into JSON to be tested. */
    public boolean matchesAll() {
        return this == ALL;
    }

    private interface Node {
        boolean matches(JsonNode object);
    }

    private static final class Parser {
        final List<String> tokens;
        int pos;

        Parser(List<String> tokens) {
            this.tokens = tokens;
        }

        Node or() {
            Node left = and();
            while (peek("or")) {
                pos++;
                Node l = left;
                Node r = and();
                left = o -> l.matches(o) || r.matches(o);
            }
            return left;
        }

        Node and() {
            Node left = unary();
            while (peek("and")) {
                pos++;
                Node l = left;
                Node r = unary();
                left = o -> l.matches(o) && r.matches(o);
            }
            return left;
        }

        Node unary() {
            if (peek("not")) {
                pos++;
                Node inner = unary();
                return o -> !inner.matches(o);
            }
            if (peek("(")) {
                pos++;
                Node inner = or();
                expect(")");
                return inner;
            }
            String field = next("a field");
            String op = next("eq or ne").toLowerCase(Locale.ROOT);
            if (!op.equals("eq") && !op.equals("ne")) {
                throw bad(String.join(" ", tokens), "\"" + op + "\" is not an operator (eq, ne)");
            }
            String value = unquote(next("a value"));
            boolean eq = op.equals("eq");
            return o -> {
                JsonNode v = resolve(o, field);
                boolean same = v != null && !v.isMissingNode() && !v.isNull() && !v.isContainerNode()
                        && v.asText().equalsIgnoreCase(value);
                return eq == same;
            };
        }

        boolean peek(String token) {
            return pos < tokens.size() && tokens.get(pos).equalsIgnoreCase(token);
        }

        void expect(String token) {
            if (!peek(token)) {
                throw bad(String.join(" ", tokens), "missing \"" + token + "\"");
            }
            pos++;
        }

        String next(String what) {
            if (pos >= tokens.size()) {
                throw bad(String.join(" ", tokens), "expected " + what + " at the end");
            }
            return tokens.get(pos++);
        }
    }

    /** The value at a dotted path, trying the longest map key first at each level, so keys may contain dots. */
    static JsonNode resolve(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            return null;
        }
        if (node.has(path)) {
            return node.get(path);
        }
        for (int dot = path.lastIndexOf('.'); dot > 0; dot = path.lastIndexOf('.', dot - 1)) {
            JsonNode child = node.get(path.substring(0, dot));
            if (child != null) {
                JsonNode found = resolve(child, path.substring(dot + 1));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char ch : text.toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
                cur.append(ch);
            } else if (!quoted && (ch == '(' || ch == ')')) {
                flush(out, cur);
                out.add(String.valueOf(ch));
            } else if (!quoted && Character.isWhitespace(ch)) {
                flush(out, cur);
            } else {
                cur.append(ch);
            }
        }
        if (quoted) {
            throw bad(text, "unbalanced quote");
        }
        flush(out, cur);
        return out;
    }

    private static void flush(List<String> out, StringBuilder cur) {
        if (cur.length() > 0) {
            out.add(cur.toString());
            cur.setLength(0);
        }
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }

    private static LxdException bad(String filter, String why) {
        return new LxdException(400, "Invalid filter \"" + filter + "\": " + why);
    }
}
