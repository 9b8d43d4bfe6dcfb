package org.longplay.camel;

import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * The header filter of serve's HTTP routes (routes/serve/http.yaml, {@code headerFilterStrategy=#serveHeaders}):
 * nothing of a request (headers, query parameters, form fields) becomes a message header, and no message header
 * becomes a response header. platform-http otherwise copies both ways, so {@code /health?Set-Cookie=x} set a
 * cookie and every request header came back in the answer. The routes take only the path's {@code {stage}}
 * (always passed on); the status and content type of an answer are set apart from headers.
 */
public class ServeHeaderFilter implements HeaderFilterStrategy {
    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return true;
    }

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        return true;
    }
}
