/**
 * For logging backend adapters only: {@link io.github.apigwcorrelation.spi.LoggingBackend}, which an adapter
 * implements and registers with {@link java.util.ServiceLoader}, and
 * {@link io.github.apigwcorrelation.spi.ContextEntries}, what it hands its backend's log events. Application code
 * never needs this package.
 *
 * @since 0.2.0
 */
package io.github.apigwcorrelation.spi;
