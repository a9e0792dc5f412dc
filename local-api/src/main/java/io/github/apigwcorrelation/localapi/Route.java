package io.github.apigwcorrelation.localapi;

/**
 * One method and path of one API, and what serves it.
 *
 * @param api the logical ID of the API in the template
 * @param kind which API Gateway product, hence which event and response format
 * @param method an HTTP method, or {@code ANY}
 * @param path the resource path, with {@code {name}} and {@code {name+}} parameters
 * @param function the function the integration invokes
 * @param integration proxy, or the mapping templates of a non-proxy integration
 * @param stage the stage name the events carry
 */
record Route(String api, Kind kind, String method, String path, FunctionDef function, Integration integration,
        String stage) {
    /** The API flavours, each with its own event format. */
    enum Kind {
        /** REST API (v1). */
        REST,
        /** HTTP API, payload format 2.0. */
        HTTP_V2,
        /** HTTP API, payload format 1.0 (the REST proxy event plus {@code version}). */
        HTTP_V1
    }

    String describe() {
        String how = kind == Kind.REST ? (integration.proxy() ? "REST proxy" : "REST non-proxy") : kind == Kind.HTTP_V2
                ? "HTTP API 2.0" : "HTTP API 1.0";
        return method + " " + path + "  ->  " + function.logicalId() + " (" + how + ", " + api + ")";
    }
}
