/**
 * Implementation of apigw-correlation. This package and its sub-packages are private: they may change in
 * any release without notice. Use the types of {@code io.github.apigwcorrelation} instead.
 *
 * <ul>
 *   <li>{@code extract}: event to IDs (pure functions, never throw);</li>
 *   <li>{@code inject}: IDs to the context data of every Log4j2 event;</li>
 *   <li>{@code scope}: the invocation scope that installs and restores them on one thread.</li>
 * </ul>
 */
package io.github.apigwcorrelation.internal;
