package io.sfstigg.api;

import io.sfstigg.api.http.ApiException;
import io.sfstigg.api.http.ApiRequest;
import io.sfstigg.api.validation.Text;
import io.sfstigg.core.model.SalesforceId;

/** Salesforce ids in a request's path: read in their 18-character form, or a 404 saying what was expected. */
final class PathIds {
    private PathIds() {}

    /**
     * The path parameter {@code parameter} as an 18-character Salesforce id, of one of {@code objects}
     * when any are given; otherwise not found, the text presented quoted, as {@code expected} describes.
     */
    static String salesforceId(ApiRequest request, String parameter, String expected, SalesforceId.KeyPrefix... objects) {
        String presented = request.pathParameter(parameter);
        return (objects.length == 0 ? SalesforceId.to18(presented) : SalesforceId.to18(presented, objects))
                .orElseThrow(() -> ApiException.notFound("'" + Text.quote(presented) + "' is not " + expected));
    }
}
