/**
 * Private: the code behind the interceptors of {@code io.github.apigwcorrelation.propagation}. It may change in any
 * release without notice.
 *
 * <p>The classes named after an AWS service ({@code Sqs}, {@code Sns}, {@code Lambda}, {@code EventBridge}) are the
 * only ones that name that service's model classes; {@link io.github.apigwcorrelation.propagation.internal.SdkDispatch}
 * loads one only after it has seen a request class of that service, so a service module that is absent from the
 * class path is never touched.
 */
package io.github.apigwcorrelation.propagation.internal;
