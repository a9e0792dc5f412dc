/**
 * The harness every adapter's tests implement ({@link io.github.apigwcorrelation.testing.LoggingHarness}) and the
 * backend-neutral helpers of the shared proofs: {@link io.github.apigwcorrelation.testing.CapturedLogs} (events) and
 * {@link io.github.apigwcorrelation.testing.RealOutput} (the real bytes of the shipped layouts). The proofs
 * themselves are the abstract classes {@code Abstract*Test} in {@code io.github.apigwcorrelation} and
 * {@code io.github.apigwcorrelation.reliability}. Test code only; not published.
 */
package io.github.apigwcorrelation.testing;
