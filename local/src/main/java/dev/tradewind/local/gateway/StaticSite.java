package dev.tradewind.local.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The static files the local runtime serves beside the API, from its own classpath (nothing is fetched from a CDN):
 * the web dashboard (module {@code web}, at {@code /}) and an interactive page for docs/openapi.yaml (Swagger UI from
 * its webjar, at {@code /api-docs/}). Deployed, CloudFront serves the same dashboard files from S3 and sends
 * {@code /v1/*} to the API, so the dashboard always talks to its own origin.
 *
 * <p>Only GET and HEAD of a file that exists are answered here; everything else goes on to the API, so a static
 * file can never hide a route.
 */
public final class StaticSite {

    static final String DASHBOARD_ROOT = "tradewind-web/";
    static final String API_DOCS_PATH = "/api-docs/";
    private static final String API_DOCS_OVERRIDES = "local-site/api-docs/";

    /** The dashboard runs only its own scripts and talks only to its own origin. */
    private static final String DASHBOARD_POLICY = "default-src 'self'; script-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; style-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";
    private static final Map<String, String> MEDIA_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "png", "image/png",
            "svg", "image/svg+xml",
            "ico", "image/x-icon",
            "txt", "text/plain; charset=utf-8");

    private final ClassLoader classLoader;
    private final String swaggerRoot;

    public StaticSite() {
        this(StaticSite.class.getClassLoader());
    }

    StaticSite(ClassLoader classLoader) {
        this.classLoader = classLoader;
        this.swaggerRoot = "META-INF/resources/webjars/swagger-ui/" + webjarVersion(classLoader) + "/";
    }

    /** The file's answer, or empty when the request is not for a static file (then it is the API's). */
    public Optional<GatewayResponse> serve(GatewayRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return Optional.empty();
        }
        String path = request.path();
        if (path.contains("..") || path.contains("//") || path.contains("\\")) {
            return Optional.empty();
        }
        if (path.equals("/api-docs")) {
            return Optional.of(redirect(API_DOCS_PATH));
        }
        if (path.startsWith(API_DOCS_PATH)) {
            String file = path.substring(API_DOCS_PATH.length());
            file = file.isEmpty() ? "index.html" : file;
            Optional<GatewayResponse> own = file(API_DOCS_OVERRIDES + file, null);
            return own.isPresent() ? own : file(swaggerRoot + file, null);
        }
        String file = path.equals("/") ? "index.html" : path.substring(1);
        return file(DASHBOARD_ROOT + file, DASHBOARD_POLICY);
    }

    private Optional<GatewayResponse> file(String resource, String contentSecurityPolicy) {
        // Only named files: a folder on a file-system class path would otherwise be "read" as its listing.
        if (!resource.substring(resource.lastIndexOf('/') + 1).contains(".")) {
            return Optional.empty();
        }
        try (InputStream in = classLoader.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] body = in.readAllBytes();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            String extension = resource.substring(resource.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            headers.put("content-type", List.of(MEDIA_TYPES.getOrDefault(extension, "application/octet-stream")));
            // Served from the build on every start: the browser revalidates rather than keeping an old dashboard.
            headers.put("cache-control", List.of("no-cache"));
            headers.put("x-content-type-options", List.of("nosniff"));
            if (contentSecurityPolicy != null && extension.equals("html")) {
                headers.put("content-security-policy", List.of(contentSecurityPolicy));
                headers.put("referrer-policy", List.of("no-referrer"));
            }
            return Optional.of(new GatewayResponse(200, headers, body));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + " from the runtime's classpath", e);
        }
    }

    private static GatewayResponse redirect(String location) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("location", List.of(location));
        return new GatewayResponse(301, headers, new byte[0]);
    }

    private static String webjarVersion(ClassLoader classLoader) {
        try (InputStream in = classLoader.getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                return "missing";
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties.getProperty("version", "missing");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
