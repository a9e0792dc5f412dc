/**
 * Private: event to IDs. Every entry point returns an {@link io.github.apigwcorrelation.internal.extract.Extracted}
 * and never throws; a problem becomes a message for the one WARN line of the invocation.
 */
package io.github.apigwcorrelation.internal.extract;
