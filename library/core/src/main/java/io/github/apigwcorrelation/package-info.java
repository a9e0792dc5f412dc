/**
 * apigw-correlation: the API Gateway request ID next to the Lambda request ID on every Log4j2 line.
 *
 * <p>Start with {@link io.github.apigwcorrelation.CorrelatedRequestHandler} (or
 * {@link io.github.apigwcorrelation.CorrelatedStreamHandler}); configure with
 * {@link io.github.apigwcorrelation.Correlation#builder()}; carry the IDs to other threads with
 * {@link io.github.apigwcorrelation.Propagation}. Everything in {@code internal} is private.
 *
 * <p>Null contract: parameters and return values are never null unless documented otherwise.
 */
package io.github.apigwcorrelation;
