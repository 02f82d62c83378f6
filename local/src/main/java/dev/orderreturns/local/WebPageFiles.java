package dev.orderreturns.local;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The operator's page ({@code web/}) as static files, for GET and HEAD: a path naming a file there
 * gets the file, and {@code /} gets {@code index.html} when the client accepts {@code text/html}
 * (a browser). Anything else is left to the API routes, so API clients still get the API's
 * answers, {@code /} included.
 */
final class WebPageFiles {

    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("woff2", "font/woff2"));

    /** The served directory, as a real path (symbolic links resolved) so escapes can be recognised. */
    private final Path root;

    private WebPageFiles(Path root) {
        this.root = root;
    }

    /** The files under {@code dir}, or null (nothing served) when {@code dir} is null or not a directory. */
    static WebPageFiles at(Path dir) {
        try {
            return dir != null && Files.isDirectory(dir) ? new WebPageFiles(dir.toRealPath()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Answers a GET or HEAD for {@code /} or a file under the directory, and returns what was served
     * (e.g. {@code web/index.html}) for the access log; null, with nothing sent, when the request is
     * not one, so it is routed as an API request.
     */
    String answer(HttpExchange exchange, String rawPath) throws IOException {
        String method = exchange.getRequestMethod();
        if (!(method.equals("GET") || method.equals("HEAD"))) return null;
        if (rawPath.equals("/") && !acceptsHtml(exchange.getRequestHeaders())) return null;
        Path file = webPath(root, rawPath);
        if (file == null) return null;
        byte[] body;
        try {
            body = Files.readAllBytes(file);
        } catch (IOException e) {
            return null; // gone or unreadable since the check: route as any other path
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        Headers headers = exchange.getResponseHeaders();
        headers.set("content-type", CONTENT_TYPES.getOrDefault(extension, "application/octet-stream"));
        headers.set("cache-control", "no-store");
        headers.set("x-content-type-options", "nosniff");
        if (method.equals("HEAD")) {
            headers.set("content-length", String.valueOf(body.length));
        }
        HttpExchanges.send(exchange, 200, body);
        return "web/" + root.relativize(file);
    }

    private static boolean acceptsHtml(Headers headers) {
        List<String> accept = headers.get("Accept");
        return accept != null && accept.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("text/html"));
    }

    /**
     * The regular file a request path names under {@code root} ({@code /} is {@code index.html}),
     * or null. Refuses anything that could leave the directory: {@code .}/{@code ..} or empty
     * segments, hidden names, backslashes, NULs, encoded slashes, and symbolic links pointing out.
     */
    static Path webPath(Path root, String rawPath) {
        String relative = rawPath.equals("/") ? "index.html" : rawPath.substring(1);
        if (relative.isEmpty()) return null;
        StringBuilder decoded = new StringBuilder();
        for (String segment : relative.split("/", -1)) {
            String name;
            try {
                // a path segment: '+' is a plus, not a space
                name = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            if (name.isEmpty() || name.startsWith(".") || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0
                    || name.indexOf('\0') >= 0 || name.indexOf(':') >= 0) {
                return null;
            }
            if (!decoded.isEmpty()) decoded.append('/');
            decoded.append(name);
        }
        try {
            Path file = root.resolve(decoded.toString()).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) return null;
            Path real = file.toRealPath();
            return real.startsWith(root) ? real : null;
        } catch (IOException | RuntimeException e) {
            return null; // InvalidPathException and the like: not a file we serve
        }
    }
}
