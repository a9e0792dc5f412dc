/** Private: the thread-local holder and the Log4j2 {@code ContextDataProvider} that reads it. */
package io.github.apigwcorrelation.internal.inject;
