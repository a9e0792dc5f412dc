/**
 * The outgoing half of propagation: the current invocation's chain request ID on the calls a function makes, so
 * that the next function (or service) can log it and one search for the ID a client saw finds every hop.
 *
 * <ul>
 *   <li>{@link io.github.apigwcorrelation.propagation.SdkCorrelationInterceptor}: AWS SDK for Java v2 (SQS, SNS,
 *       Lambda, opt-in EventBridge), registered globally by this artifact;</li>
 *   <li>{@link io.github.apigwcorrelation.propagation.OkHttpCorrelationInterceptor},
 *       {@link io.github.apigwcorrelation.propagation.ApacheCorrelationInterceptor} and
 *       {@link io.github.apigwcorrelation.propagation.JdkHttpCorrelation}: one HTTP header;</li>
 *   <li>{@link io.github.apigwcorrelation.propagation.PropagationNames}: the names used.</li>
 * </ul>
 *
 * Each client library is an optional dependency of this artifact: a class here that needs one is loaded only by a
 * user who calls with that client.
 */
package io.github.apigwcorrelation.propagation;
