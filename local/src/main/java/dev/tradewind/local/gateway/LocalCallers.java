package dev.tradewind.local.gateway;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may call the runtime's endpoints that need no credential (its admin routes and the AWS APIs it emulates):
 * programs on this machine, never a web page (docs/local-runtime.md, "Admin routes"). A caller must connect from a
 * loopback address and name a loopback host: a page that rebinds its DNS name to 127.0.0.1 still names its own.
 */
public final class LocalCallers {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private LocalCallers() {
    }

    /** Why {@code endpoint} may not answer this request (a caller not on this machine), or empty. */
    public static Optional<String> refusal(GatewayRequest request, String endpoint) {
        if (!isLoopbackAddress(request.sourceIp())) {
            return Optional.of(endpoint + " answer only callers on this machine (loopback)");
        }
        String host = header(request, "host");
        if (host != null && !isLoopbackHost(host)) {
            return Optional.of(endpoint + " answer only requests for localhost, 127.0.0.1 or [::1]");
        }
        return Optional.empty();
    }

    /**
     * Why the AWS APIs the runtime serves to the functions' SDK clients may not answer this request, or empty: besides
     * {@link #refusal}, any {@code Origin}, which an SDK never sends and a browser always does on a cross-site POST.
     */
    public static Optional<String> sdkRefusal(GatewayRequest request) {
        String endpoint = "the runtime's AWS APIs";
        String origin = header(request, "origin");
        return refusal(request, endpoint).or(() -> origin == null ? Optional.empty()
                : Optional.of(endpoint + " refuse requests from web pages (Origin " + origin + ")"));
    }

    public static boolean isLoopbackAddress(String address) {
        if (address == null || !(IPV4.matcher(address).matches() || address.contains(":"))) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A Host header naming this machine: localhost, 127.x.y.z or [::1], with any port. */
    public static boolean isLoopbackHost(String host) {
        String name;
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            name = end < 0 ? "" : host.substring(1, end);
        } else {
            int colon = host.lastIndexOf(':');
            name = colon < 0 ? host : host.substring(0, colon);
        }
        return name.equalsIgnoreCase("localhost") || (!name.isEmpty() && isLoopbackAddress(name));
    }

    /** The first value of a header, named in any case; null when absent. */
    public static String header(GatewayRequest request, String name) {
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return header.getValue().getFirst();
            }
        }
        return null;
    }
}
