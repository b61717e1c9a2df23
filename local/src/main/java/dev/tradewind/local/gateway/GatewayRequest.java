package dev.tradewind.local.gateway;

import java.util.List;
import java.util.Map;

/** An HTTP request as it reached the local API endpoint. */
public record GatewayRequest(String method, String path, String rawQuery, Map<String, List<String>> headers,
                             byte[] body, String sourceIp, String protocol) {
}
