/**
 * The Logback adapter. Application code calls nothing here: the core finds {@link
 * io.github.apigwcorrelation.logback.LogbackBackend} through {@code ServiceLoader}, and {@code logback.xml} names the
 * converters ({@code %printable(...)}, {@code %oneLineEx}) and the encoders ({@code LambdaLogFormatEncoder},
 * {@code CorrelationJsonEncoder}).
 *
 * @since 0.2.0
 */
package io.github.apigwcorrelation.logback;
