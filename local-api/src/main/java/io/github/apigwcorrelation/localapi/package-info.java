/**
 * A local API Gateway for SAM templates that needs no Docker: {@link io.github.apigwcorrelation.localapi.LocalApi}
 * is the entry point; everything else is internal to the tool.
 */
package io.github.apigwcorrelation.localapi;
