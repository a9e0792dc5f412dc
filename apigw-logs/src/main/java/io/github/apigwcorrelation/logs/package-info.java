/**
 * {@code apigw-logs}: a command-line tool that reads an API Gateway stage's execution and access logs
 * and the logs of every Lambda function it integrates with, merges them in time order, and tells one
 * request's whole story. {@link io.github.apigwcorrelation.logs.Main} is the only entry point; every
 * other type is package-private.
 */
package io.github.apigwcorrelation.logs;
