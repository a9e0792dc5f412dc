/**
 * Private: the thread-local holder of the current invocation, and the logging backend adapters the core tells
 * about it.
 */
package io.github.apigwcorrelation.internal.inject;
