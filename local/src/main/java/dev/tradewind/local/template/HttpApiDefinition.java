package dev.tradewind.local.template;

import java.util.List;
import java.util.Map;

/** The {@code AWS::Serverless::HttpApi}: its default authorizer, authorizers and CORS configuration. */
public record HttpApiDefinition(String logicalId, String defaultAuthorizer, Map<String, Authorizer> authorizers,
                                Cors cors) {

    public record Authorizer(String name, String functionLogicalId, List<String> identityHeaders,
                             int reauthorizeEverySeconds, boolean simpleResponses, String payloadFormatVersion) {
    }

    public record Cors(List<String> allowOrigins, List<String> allowMethods, List<String> allowHeaders,
                       List<String> exposeHeaders, int maxAgeSeconds, boolean allowCredentials) {
    }
}
