/** Private: installs an invocation's IDs on the current thread and restores what was there before. */
package io.github.apigwcorrelation.internal.scope;
