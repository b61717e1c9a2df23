// Replaces the webjar's initializer, which opens the Petstore example: this page shows Tradewind's own contract,
// as the API serves it (GET /v1/openapi.yaml, a copy of docs/openapi.yaml).
window.onload = () => {
  window.ui = SwaggerUIBundle({
    url: "/v1/openapi.yaml",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout",
  });
};
