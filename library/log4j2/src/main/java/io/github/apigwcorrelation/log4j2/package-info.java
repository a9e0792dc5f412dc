/**
 * The Log4j2 adapter. Nothing here is called by application code: Log4j2 and the core find these classes
 * themselves ({@code ServiceLoader} for the context data and the backend, {@code @Plugin} for
 * {@code %printable{...}} and {@code ${lambda:logFormat}}). The JSON event template is the resource
 * {@code apigw-correlation-layout.json}.
 *
 * @since 0.2.0
 */
package io.github.apigwcorrelation.log4j2;
